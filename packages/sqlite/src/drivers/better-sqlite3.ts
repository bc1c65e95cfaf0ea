import type { Database, Statement } from "better-sqlite3";
import { createSqliteStore, type SqliteStore } from "../base";
import type { SqliteClient, SqlRow, SqlValue } from "../client";
import type { SqliteStoreOptions } from "../options";

// better-sqlite3's SqliteError carries SQLite's (extended) result code name, e.g. SQLITE_BUSY_SNAPSHOT.
const errorCode = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
};

/**
 * A {@link SqliteClient} on a better-sqlite3 connection. Statements are prepared on first use and
 * cached by SQL text: the store issues a small, fixed set of them.
 * @param db - an open better-sqlite3 database
 */
export function betterSqlite3Client(db: Database): SqliteClient {
  // Reads and writes never share SQL text, so one cache serves both; reads are switched to raw
  // (array) rows once, when first prepared.
  const statements = new Map<string, Statement<SqlValue[], SqlRow>>();
  const prepared = (sql: string, reads: boolean): Statement<SqlValue[], SqlRow> => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare<SqlValue[], SqlRow>(sql);
      if (reads) statement.raw(true);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    get: (sql, params) => prepared(sql, true).get(...params),
    all: (sql, params) => prepared(sql, true).all(...params),
    run: (sql, params) => prepared(sql, false).run(...params).changes,
    exec: (sql) => {
      db.exec(sql);
    },
    isUniqueViolation: (error) => {
      const code = errorCode(error);
      return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
    },
    isBusy: (error) => {
      const code = errorCode(error);
      return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
    },
  };
}

/**
 * A keyward store in SQLite, on a better-sqlite3 `Database` you opened. The store does not own the
 * connection and never closes it. Call `await store.migrate()` once at startup (idempotent) before
 * using it; nothing touches the database until then. It does set the connection's busy timeout
 * (`busyTimeoutMs`, 250 ms by default): a call waits at most that long for another process's lock,
 * then throws, and `lastUsedAt` is written behind, never waiting. Call `await store.close()` before
 * `db.close()` to write the `lastUsedAt` times still held back.
 *
 * @param database - an open better-sqlite3 database (WAL mode recommended)
 * @param options - see {@link SqliteStoreOptions}
 *
 * @example
 * ```ts
 * import Database from "better-sqlite3";
 * import { createKeyward } from "@keyward/core";
 * import { sqliteStore } from "@keyward/sqlite";
 *
 * const db = new Database("keyward.db");
 * db.pragma("journal_mode = WAL");
 * const store = sqliteStore(db);
 * await store.migrate();
 * const keyward = createKeyward({ store });
 * // at shutdown:
 * await store.close();
 * db.close();
 * ```
 */
export function sqliteStore(database: Database, options: SqliteStoreOptions = {}): SqliteStore {
  return createSqliteStore(betterSqlite3Client(database), options);
}

export type { SqliteStore } from "../base";
export type { SqliteStoreOptions } from "../options";
