import { KeywardError } from "@keyward/core";

/** SQLSTATE of a unique violation; both drivers expose it as the error's `code`. */
const UNIQUE_VIOLATION = "23505";

/**
 * Turns a unique violation into `KeywardError("CONFLICT")` and returns any other error unchanged.
 * The server's message and detail quote the duplicate value (a key hash), so neither is copied,
 * and the driver's error is not kept as `cause` either: loggers print causes.
 * @param error - what the driver threw
 * @param table - the table the driver's error names (`pg`: `table`, postgres.js: `table_name`)
 */
export function toConflict(error: unknown, table: unknown): unknown {
  if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) return error;
  return new KeywardError(
    "CONFLICT",
    String(table ?? "").endsWith("keys")
      ? "A key with this id or secret already exists"
      : "The write conflicts with existing data",
  );
}
