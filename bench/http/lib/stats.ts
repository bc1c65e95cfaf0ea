/**
 * The median of a non-empty list (the mean of the two middle values for an even count).
 * @param values - samples
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `0.953` → `95.3%`. */
export const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

/** `2.514` → `2.51x`. */
export const times = (ratio: number): string => `${ratio.toFixed(2)}x`;
