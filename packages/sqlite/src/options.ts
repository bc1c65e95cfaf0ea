import { KeywardError } from "@keyward/core";

/** Options of a SQLite store. */
export interface SqliteStoreOptions {
  /**
   * Prefix of every table and index the store creates, so keyward can share a database with an
   * application. Letters, digits and `_`. Default: `keyward_`.
   */
  readonly tablePrefix?: string;
  /**
   * The longest, in milliseconds, a store call waits for a lock held by another connection or
   * process before it throws (core then answers `STORE_UNAVAILABLE`, HTTP 503). Every call is
   * synchronous, so a wait freezes the event loop: keep this well under core's `storeTimeoutMs`
   * (1000 by default), which cannot interrupt a synchronous call.
   *
   * The store sets it as the **connection's** busy timeout (`PRAGMA busy_timeout`) when it is
   * created, so your own statements on that connection wait as long. An integer from 0.
   * Default: 250, or the connection's own busy timeout when that is shorter.
   */
  readonly busyTimeoutMs?: number;
}

/** The busy timeout a store uses unless told otherwise, in ms: well under core's 1000 ms `storeTimeoutMs`. */
export const DEFAULT_BUSY_TIMEOUT_MS = 250;

// SQLite takes the busy timeout as a C int.
const MAX_BUSY_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The busy timeout to apply, validated.
 * @param requested - `busyTimeoutMs` as given, if it was
 * @param connectionMs - the connection's busy timeout before the store changes it
 */
export function busyTimeoutFor(requested: number | undefined, connectionMs: number): number {
  if (requested === undefined) return Math.min(connectionMs, DEFAULT_BUSY_TIMEOUT_MS);
  if (!Number.isInteger(requested) || requested < 0 || requested > MAX_BUSY_TIMEOUT_MS) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      `sqliteStore: busyTimeoutMs must be an integer from 0 to ${MAX_BUSY_TIMEOUT_MS}`,
    );
  }
  return requested;
}
