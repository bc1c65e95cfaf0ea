import { createSqliteStore, type SqliteStore } from "../base";
import type { SqliteClient, SqlRow, SqlValue } from "../client";
import { isBusyCode, isUniqueCode, resultCode } from "../error-codes";
import type { SqliteStoreOptions } from "../options";

/** The part of a `bun:sqlite` `Statement` the store uses. */
export interface BunSqliteStatement {
  /** Every row, each an array of its column values. */
  values(...params: SqlValue[]): unknown[][];
  run(...params: SqlValue[]): { readonly changes: number };
}

/**
 * The part of a `bun:sqlite` `Database` the store uses. Typed here rather than imported, so that
 * nothing of this package loads `bun:sqlite`: you pass the database you opened.
 */
export interface BunSqliteDatabase {
  prepare(sql: string): BunSqliteStatement;
  exec(sql: string): unknown;
}

/**
 * A {@link SqliteClient} on a `bun:sqlite` database. Statements are prepared on first use and
 * cached by SQL text; rows are read with `values()`, Bun's array form.
 * @param db - an open `Database`
 */
export function bunSqliteClient(db: BunSqliteDatabase): SqliteClient {
  const statements = new Map<string, BunSqliteStatement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    // Every `get` of the store reads by a primary or unique key: at most one row.
    get: (sql, params) => prepared(sql).values(...params)[0] as SqlRow | undefined,
    all: (sql, params) => prepared(sql).values(...params) as SqlRow[],
    run: (sql, params) => prepared(sql).run(...params).changes,
    exec: (sql) => {
      db.exec(sql);
    },
    isUniqueViolation: (error) => isUniqueCode(resultCode(error, "errno")),
    isBusy: (error) => isBusyCode(resultCode(error, "errno")),
  };
}

/**
 * A keyward store on a `bun:sqlite` `Database` you opened, synchronous like the better-sqlite3
 * store and with the same bounded lock waits: see {@link SqliteStoreOptions}. Bun opens
 * connections with a busy timeout of 0, which the store keeps as its bound unless you set one
 * (`PRAGMA busy_timeout`).
 *
 * @param database - an open `Database` (WAL mode recommended)
 * @param options - see {@link SqliteStoreOptions}
 *
 * @example
 * ```ts
 * import { Database } from "bun:sqlite";
 * import { createKeyward } from "@keyward/core";
 * import { bunSqliteStore } from "@keyward/sqlite/bun-sqlite";
 *
 * const db = new Database("keyward.db");
 * db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000");
 * const store = bunSqliteStore(db);
 * await store.migrate();
 * const keyward = createKeyward({ store });
 * // at shutdown:
 * await store.close();
 * db.close();
 * ```
 */
export function bunSqliteStore(database: BunSqliteDatabase, options: SqliteStoreOptions = {}): SqliteStore {
  return createSqliteStore(bunSqliteClient(database), options);
}

export type { SqliteStore } from "../base";
export type { SqliteStoreOptions } from "../options";
