import { CliError, EXIT } from "./cli-error";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Ten years: anything longer is a typo, and "never expires" is spelled by leaving the option out. */
const MAX_MS = 3650 * UNIT_MS.d;

/**
 * Parses a duration such as `30d`, `12h`, `15m`, `90s` or `2w` into milliseconds.
 * @param raw - the option value
 * @example
 * ```ts
 * parseDuration("30d"); // 2_592_000_000
 * ```
 */
export function parseDuration(raw: string): number {
  const match = /^(\d{1,6})([smhdw])$/.exec(raw.trim());
  const unit = match?.[2] as keyof typeof UNIT_MS | undefined;
  const amount = Number(match?.[1]);
  if (unit === undefined || !(amount > 0)) {
    throw new CliError(
      `--expires-in "${raw}" is not a duration`,
      EXIT.usage,
      "write a positive number and a unit: 90s, 15m, 12h, 30d or 2w",
    );
  }
  const ms = amount * UNIT_MS[unit];
  if (ms > MAX_MS) {
    throw new CliError(
      `--expires-in "${raw}" is longer than ten years`,
      EXIT.usage,
      "leave it out for a key that does not expire",
    );
  }
  return ms;
}
