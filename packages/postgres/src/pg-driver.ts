import { createHash } from "node:crypto";
import { KeywardError, type KeywardStore } from "@keyward/core";
import type { Pool, PoolClient } from "pg";
import { createSqlStore } from "./base";
import { tableNames } from "./names";
import type { SqlClient, SqlExecutor, SqlResult } from "./sql-client";

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /** The PostgreSQL schema holding the tables; `migrate()` creates it. Default: `"public"`. */
  readonly schema?: string;
  /** Prepended to every table and index name. Default: `"keyward_"`. */
  readonly tablePrefix?: string;
  /**
   * Use named prepared statements, so each connection parses and plans a query once. Turn it off
   * behind a pooler that cannot carry them (PgBouncer in transaction mode before 1.21). Default: `true`.
   */
  readonly prepare?: boolean;
}

/** The part of a `pg.Pool` the store uses, so tests and wrappers can pass anything that looks like one. */
export type PgPoolLike = Pick<Pool, "query" | "connect">;

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = "23505";

function mapError(error: unknown): unknown {
  if (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === UNIQUE_VIOLATION
  ) {
    // pg's message and `detail` quote the duplicate value (a key hash): keep them out of ours, and
    // do not attach pg's error as `cause` either, since loggers print causes.
    const table = String((error as { table?: unknown }).table ?? "");
    return new KeywardError(
      "CONFLICT",
      table.endsWith("keys")
        ? "A key with this id or secret already exists"
        : "The write conflicts with existing data",
    );
  }
  return error;
}

/**
 * Statement names by SQL text; a name is a digest of its text, so one text never gets two names
 * (pg refuses that on a connection). Bounded: about twenty texts per schema and prefix in use.
 */
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `keyward_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

function executor(target: Pick<PoolClient, "query">, prepare: boolean): SqlExecutor {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      try {
        const values = params as unknown[];
        const result = await (prepare
          ? target.query({ name: statementName(sql), text: sql, values })
          : target.query(sql, values));
        return { rows: result.rows as Row[], rowCount: result.rowCount };
      } catch (error) {
        throw mapError(error);
      }
    },
  };
}

function pgClient(pool: PgPoolLike, prepare: boolean): SqlClient {
  return {
    ...executor(pool, prepare),
    async transaction(work) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        // Migrations run once: preparing their DDL would only fill the connection's statement cache.
        const result = await work(executor(connection, false));
        await connection.query("COMMIT");
        return result;
      } catch (error) {
        await connection.query("ROLLBACK").catch((rollbackError: unknown) => {
          // A connection that cannot roll back must not go back into the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error("ROLLBACK failed");
        });
        throw error;
      } finally {
        connection.release(broken);
      }
    },
  };
}

/**
 * A keyward store on PostgreSQL through a `pg` pool you create and own. Run `migrate()` once (at
 * deploy or start-up; concurrent runs are safe) before using it. The store never opens connections
 * of its own and leaves the pool open: end it yourself.
 *
 * @param pool - a `pg.Pool`
 * @param options - `schema` and `tablePrefix`
 * @example
 * ```ts
 * import pg from "pg";
 * import { createKeyward } from "@keyward/core";
 * import { postgresStore } from "@keyward/postgres";
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 2000 });
 * const store = postgresStore(pool);
 * await store.migrate();
 * const keyward = createKeyward({ store });
 * ```
 */
export function postgresStore(pool: PgPoolLike, options: PostgresStoreOptions = {}): KeywardStore {
  if (
    typeof pool !== "object" ||
    pool === null ||
    typeof pool.query !== "function" ||
    typeof pool.connect !== "function"
  ) {
    throw new KeywardError("INVALID_ARGUMENT", "postgresStore: pass a pg Pool (new pg.Pool(...))");
  }
  const names = tableNames(options.schema ?? "public", options.tablePrefix ?? "keyward_");
  return createSqlStore(pgClient(pool, options.prepare ?? true), names);
}
