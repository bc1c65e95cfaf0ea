import type { KeywardStore } from "@keyward/core";
import { type AsyncSqliteStoreOptions, createAsyncSqliteStore } from "../async-base";
import type { AsyncSqliteClient, SqlRow } from "../client";

/** The part of a D1 prepared statement the store uses. */
export interface D1StatementLike {
  bind(...values: unknown[]): D1StatementLike;
  /** Rows as arrays of column values. */
  raw(): Promise<unknown[][]>;
  run(): Promise<{ readonly meta: { readonly changes?: number } }>;
}

/**
 * The part of a Cloudflare D1 binding (`env.DB`) the store uses. Typed here, so the package needs
 * neither `@cloudflare/workers-types` nor anything else at run time.
 */
export interface D1DatabaseLike {
  prepare(query: string): D1StatementLike;
  batch(statements: D1StatementLike[]): Promise<unknown>;
}

// D1 reports SQLite errors as text, e.g. "D1_ERROR: UNIQUE constraint failed: keyward_keys.hash:
// SQLITE_CONSTRAINT"; a PRIMARY KEY violation reads "UNIQUE constraint failed" too.
const UNIQUE_VIOLATION = /UNIQUE constraint failed|SQLITE_CONSTRAINT_(?:UNIQUE|PRIMARYKEY)/;

/**
 * An {@link AsyncSqliteClient} on a D1 binding. Statements are prepared once per SQL text and
 * bound per call.
 * @param db - the D1 binding
 */
export function d1Client(db: D1DatabaseLike): AsyncSqliteClient {
  const statements = new Map<string, D1StatementLike>();
  const bound = (sql: string, params: readonly unknown[]) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement.bind(...params);
  };
  return {
    get: async (sql, params) => (await bound(sql, params).raw())[0] as SqlRow | undefined,
    all: async (sql, params) => (await bound(sql, params).raw()) as SqlRow[],
    run: async (sql, params) => (await bound(sql, params).run()).meta.changes ?? 0,
    // D1 runs a batch as one transaction: if a statement fails, none applies.
    batch: async (list) => {
      await db.batch(list.map(({ sql, params }) => bound(sql, params)));
    },
    isUniqueViolation: (error) => UNIQUE_VIOLATION.test(String((error as Error | null)?.message)),
  };
}

/**
 * A keyward store in Cloudflare D1, on the binding of your Worker. Asynchronous: every call is a
 * round trip to D1. A refresh is one conditional `UPDATE` (D1 runs each statement alone, so of
 * racing refreshes exactly one wins); `migrate()` applies the schema in one `batch()`. Or create
 * the schema the Workers way: `keyward-sqlite-migration > migrations/0001_keyward.sql`, then
 * `wrangler d1 migrations apply`; `migrate()` then finds it current and changes nothing.
 *
 * @param database - the D1 binding, e.g. `env.DB`
 * @param options - see {@link AsyncSqliteStoreOptions}
 *
 * @example
 * ```ts
 * import { createKeyward, type Keyward } from "@keyward/core";
 * import { type D1DatabaseLike, d1Store } from "@keyward/sqlite/d1";
 *
 * let keyward: Keyward | undefined;
 *
 * export default {
 *   async fetch(request: Request, env: { DB: D1DatabaseLike }) {
 *     keyward ??= createKeyward({ store: d1Store(env.DB) }); // once per isolate
 *     const result = await keyward.authenticate(request.headers.get("api-key"));
 *     return new Response(result.ok ? "hello" : "no", { status: result.ok ? 200 : 401 });
 *   },
 * };
 * ```
 */
export function d1Store(database: D1DatabaseLike, options: AsyncSqliteStoreOptions = {}): KeywardStore {
  return createAsyncSqliteStore(d1Client(database), options);
}

export type { AsyncSqliteStoreOptions } from "../async-base";
export { type MigrationSqlOptions, migrationSql } from "../migration-file";
