import { createHash } from "node:crypto";
import { KeywardError, type KeywardStore } from "@keyward/core";
import { createSqlStore } from "../base";
import { toConflict } from "../conflict";
import { type PostgresStoreOptions, resolveOptions } from "../options";
import {
  announcedByPooler,
  BACKEND_PID_SQL,
  type PreparedStatements,
  preparedStatements,
} from "../prepared-statements";
import type { SqlClient, SqlExecutor, SqlResult } from "../sql-client";

/** What a `pg` query resolves to, as far as the store reads it. */
export interface PgResult {
  readonly rows: unknown[];
  readonly rowCount: number | null;
}

/** Runs one statement, as text or as a named prepared statement: a `pg.Pool` or `pg.PoolClient`. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<PgResult>;
  query(config: { name: string; text: string; values: unknown[] }): Promise<PgResult>;
}

/**
 * The part of a `pg.Pool` the store uses. Declared here rather than picked from `@types/pg`, so
 * pools with pg's API but their own typings fit too (the `Pool` of `@neondatabase/serverless`,
 * whose `PoolClient` type lacks fields of pg's), and so these types do not need `@types/pg`.
 */
export interface PgPoolLike extends PgQueryable {
  connect(): Promise<PgQueryable & { release(error?: Error | boolean): void }>;
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

const unprepared: PreparedStatements = () => false;

function executor(target: PgQueryable, prepared: PreparedStatements): SqlExecutor {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      try {
        const values = params as unknown[];
        const decided = prepared();
        const prepare = typeof decided === "boolean" ? decided : await decided;
        const result = await (prepare
          ? target.query({ name: statementName(sql), text: sql, values })
          : target.query(sql, values));
        return { rows: result.rows as Row[], rowCount: result.rowCount };
      } catch (error) {
        throw toConflict(error, (error as { table?: unknown }).table);
      }
    },
  };
}

/**
 * Whether the pool's connections go through a pooler: compares the backend pid a connection was
 * announced (`processID`) with `pg_backend_pid()` on it. A connection that fails is not reused.
 */
async function throughPooler(pool: PgPoolLike): Promise<boolean> {
  const connection = await pool.connect();
  let rows: unknown[];
  try {
    ({ rows } = await connection.query(BACKEND_PID_SQL));
  } catch (error) {
    connection.release(error instanceof Error ? error : true);
    throw error;
  }
  connection.release();
  const announced = (connection as { processID?: unknown }).processID;
  return announcedByPooler(announced, (rows[0] as { pid?: unknown } | undefined)?.pid);
}

function pgClient(pool: PgPoolLike, prepared: PreparedStatements): SqlClient {
  return {
    ...executor(pool, prepared),
    async transaction(work) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        // Migrations run once: preparing their DDL would only fill the connection's statement cache.
        const result = await work(executor(connection, unprepared));
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
 * of its own and leaves the pool open: end it yourself. Any pool with `pg.Pool`'s `query` and
 * `connect` works, such as the `Pool` of `@neondatabase/serverless`.
 *
 * Behind PgBouncer in transaction mode, nothing needs setting: before its first prepared statement
 * the store checks whether the pool goes through a pooler, and if so sends unnamed statements only
 * (`prepare: false` says so up front). It keeps no state in a session between statements.
 *
 * @param pool - a `pg.Pool`
 * @param options - `schema`, `tablePrefix` and `prepare`
 * @example
 * ```ts
 * import pg from "pg";
 * import { createKeyward } from "@keyward/core";
 * import { postgresStore } from "@keyward/postgres/pg";
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
  const { names, prepare } = resolveOptions(options);
  return createSqlStore(
    pgClient(
      pool,
      preparedStatements(prepare, () => throughPooler(pool)),
    ),
    names,
  );
}
