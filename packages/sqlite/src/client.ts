/** A value SQLite can bind or return. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** A result row: its column values in the order of the query's SELECT list. */
export type SqlRow = readonly SqlValue[];

/**
 * The tiny, synchronous client shape the store's queries run on. A driver (one short file per
 * SQLite library) implements it; {@link createSqliteStore} never sees the library itself.
 *
 * Synchronous on purpose: better-sqlite3 answers synchronously, and returning plain values lets
 * core authenticate without a microtask per store call. Rows are positional arrays, which spares
 * an object per row on the authentication path.
 */
export interface SqliteClient {
  /** The first row of a query, or `undefined`. */
  get(sql: string, params: readonly SqlValue[]): SqlRow | undefined;
  /** Every row of a query. */
  all(sql: string, params: readonly SqlValue[]): SqlRow[];
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params: readonly SqlValue[]): number;
  /**
   * Runs one or more statements without parameters (schema changes, `BEGIN IMMEDIATE`, and
   * `PRAGMA busy_timeout = …`, which SQLite applies when the statement is compiled, so it cannot
   * be a cached prepared statement).
   */
  exec(sql: string): void;
  /** Whether an error thrown by this client is a UNIQUE or PRIMARY KEY violation. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Whether an error thrown by this client means another connection held a lock the statement
   * needed (`SQLITE_BUSY`, `SQLITE_LOCKED` and their extended codes): worth retrying later.
   */
  isBusy(error: unknown): boolean;
}
