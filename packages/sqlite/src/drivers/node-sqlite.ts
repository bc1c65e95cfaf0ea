import { createSqliteStore, type SqliteStore } from "../base";
import type { SqliteClient, SqlRow, SqlValue } from "../client";
import { isBusyCode, isUniqueCode, resultCode } from "../error-codes";
import type { SqliteStoreOptions } from "../options";

/** The part of a `node:sqlite` `StatementSync` the store uses. */
export interface NodeSqliteStatement {
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
  run(...params: SqlValue[]): { readonly changes: number | bigint };
  /** Node 22.16+: rows as arrays. Older versions return objects, read in column order. */
  setReturnArrays?(enabled: boolean): void;
}

/**
 * The part of a `node:sqlite` `DatabaseSync` the store uses. Typed here rather than imported, so
 * that nothing of this package loads `node:sqlite`: you pass the database you opened.
 */
export interface NodeSqliteDatabase {
  prepare(sql: string): NodeSqliteStatement;
  exec(sql: string): void;
}

/**
 * A {@link SqliteClient} on a `node:sqlite` database. Statements are prepared on first use and
 * cached by SQL text.
 * @param db - an open `DatabaseSync`
 */
export function nodeSqliteClient(db: NodeSqliteDatabase): SqliteClient {
  const statements = new Map<string, { statement: NodeSqliteStatement; arrays: boolean }>();
  const prepared = (sql: string) => {
    let entry = statements.get(sql);
    if (entry === undefined) {
      const statement = db.prepare(sql);
      statement.setReturnArrays?.(true);
      entry = { statement, arrays: statement.setReturnArrays !== undefined };
      statements.set(sql, entry);
    }
    return entry;
  };
  // Object rows keep the SELECT list's order, and the store's queries never repeat a column name.
  const row = (value: unknown, arrays: boolean): SqlRow =>
    arrays ? (value as SqlRow) : (Object.values(value as object) as SqlValue[]);
  return {
    get: (sql, params) => {
      const { statement, arrays } = prepared(sql);
      const value = statement.get(...params);
      return value === undefined ? undefined : row(value, arrays);
    },
    all: (sql, params) => {
      const { statement, arrays } = prepared(sql);
      return statement.all(...params).map((value) => row(value, arrays));
    },
    run: (sql, params) => Number(prepared(sql).statement.run(...params).changes),
    exec: (sql) => db.exec(sql),
    isUniqueViolation: (error) => isUniqueCode(resultCode(error, "errcode")),
    isBusy: (error) => isBusyCode(resultCode(error, "errcode")),
  };
}

/**
 * A keyward store on a `node:sqlite` `DatabaseSync` you opened (Node 22.5+), synchronous like the
 * better-sqlite3 store and with the same bounded lock waits: see {@link SqliteStoreOptions}.
 * `node:sqlite` opens connections with a busy timeout of 0, which the store keeps as its bound
 * unless you set one: pass `{ timeout }` when opening (Node 22.16+) or run `PRAGMA busy_timeout`.
 *
 * @param database - an open `DatabaseSync` (WAL mode recommended)
 * @param options - see {@link SqliteStoreOptions}
 *
 * @example
 * ```ts
 * import { DatabaseSync } from "node:sqlite";
 * import { createKeyward } from "@keyward/core";
 * import { nodeSqliteStore } from "@keyward/sqlite/node-sqlite";
 *
 * const db = new DatabaseSync("keyward.db");
 * db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000");
 * const store = nodeSqliteStore(db);
 * await store.migrate();
 * const keyward = createKeyward({ store });
 * // at shutdown:
 * await store.close();
 * db.close();
 * ```
 */
export function nodeSqliteStore(database: NodeSqliteDatabase, options: SqliteStoreOptions = {}): SqliteStore {
  return createSqliteStore(nodeSqliteClient(database), options);
}

export type { SqliteStore } from "../base";
export type { SqliteStoreOptions } from "../options";
