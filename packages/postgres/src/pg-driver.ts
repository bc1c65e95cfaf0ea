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

function executor(target: Pick<PoolClient, "query">): SqlExecutor {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      try {
        const result = await target.query(sql, params as unknown[]);
        return { rows: result.rows as Row[], rowCount: result.rowCount };
      } catch (error) {
        throw mapError(error);
      }
    },
  };
}

function pgClient(pool: PgPoolLike): SqlClient {
  return {
    ...executor(pool),
    async transaction(work) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        const result = await work(executor(connection));
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
  return createSqlStore(pgClient(pool), names);
}
