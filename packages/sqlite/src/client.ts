import type { Awaitable } from "@keyward/core";

/** A value SQLite can bind or return. */
export type SqlValue = string | number | bigint | null | Uint8Array;

/** A result row: its column values in the order of the query's SELECT list. */
export type SqlRow = readonly SqlValue[];

/** One statement with its parameters, for {@link AsyncSqliteClient.batch}. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/**
 * The tiny, synchronous client shape the store's queries run on for an in-process SQLite library
 * (better-sqlite3, `node:sqlite`, `bun:sqlite`). A driver (one short file per library) implements
 * it; {@link createSqliteStore} never sees the library itself.
 *
 * Synchronous on purpose: these libraries answer synchronously, and returning plain values lets
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

/**
 * The client shape for a SQLite reached through promises (Cloudflare D1). No `exec` and no lock
 * handling: such a service runs each statement (and each batch) alone, and offers no
 * `BEGIN … COMMIT` across calls; {@link AsyncSqliteClient.batch} is its transaction.
 */
export interface AsyncSqliteClient {
  /** The first row of a query, or `undefined`. */
  get(sql: string, params: readonly SqlValue[]): Promise<SqlRow | undefined>;
  /** Every row of a query. */
  all(sql: string, params: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params: readonly SqlValue[]): Promise<number>;
  /** Runs statements in one transaction, in order: all or none. */
  batch(statements: readonly SqlStatement[]): Promise<void>;
  /** Whether an error this client rejected with is a UNIQUE or PRIMARY KEY violation. */
  isUniqueViolation(error: unknown): boolean;
}

/**
 * What the shared queries need: either client shape fits, each call answering a value or a
 * promise of it.
 */
export interface QueryClient {
  get(sql: string, params: readonly SqlValue[]): Awaitable<SqlRow | undefined>;
  all(sql: string, params: readonly SqlValue[]): Awaitable<SqlRow[]>;
  run(sql: string, params: readonly SqlValue[]): Awaitable<number>;
  isUniqueViolation(error: unknown): boolean;
}
