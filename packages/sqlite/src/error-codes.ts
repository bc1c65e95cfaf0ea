// SQLite's primary result codes are the low byte of its extended ones.
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

/**
 * Reads SQLite's extended result code from an error, wherever the library put it (`node:sqlite`:
 * `errcode`; `bun:sqlite`: `errno`), or -1.
 * @param error - what the library threw
 * @param field - the property holding the code
 */
export function resultCode(error: unknown, field: "errcode" | "errno"): number {
  const code = (error as Record<string, unknown> | null)?.[field];
  return typeof code === "number" ? code : -1;
}

/**
 * Whether an extended result code is a UNIQUE or PRIMARY KEY violation.
 * @param code - see {@link resultCode}
 */
export const isUniqueCode = (code: number): boolean =>
  code === SQLITE_CONSTRAINT_UNIQUE || code === SQLITE_CONSTRAINT_PRIMARYKEY;

/**
 * Whether an extended result code means another connection held a lock (`SQLITE_BUSY*`,
 * `SQLITE_LOCKED*`).
 * @param code - see {@link resultCode}
 */
export const isBusyCode = (code: number): boolean =>
  code >= 0 && ((code & 0xff) === SQLITE_BUSY || (code & 0xff) === SQLITE_LOCKED);
