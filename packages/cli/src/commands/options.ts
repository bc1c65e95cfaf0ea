/**
 * Commander reducer for repeatable options: `--permission a --permission b` gives `["a", "b"]`.
 * @param value - this occurrence's value
 * @param previous - the values so far
 */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
