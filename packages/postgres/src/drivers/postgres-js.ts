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

/**
 * What a postgres.js query resolves to: its rows, how many rows the statement touched, and the
 * `state` (`{ pid, secret }`, as announced at connection start) of the connection that ran it.
 */
export interface PostgresJsResult extends ReadonlyArray<Record<string, unknown>> {
  readonly count: number | null;
  readonly state?: { readonly pid?: number | null };
}

/** The part of a postgres.js instance or transaction that runs a statement with `$n` parameters. */
export interface PostgresJsQueryable {
  unsafe(
    query: string,
    parameters?: unknown[],
    options?: { prepare?: boolean },
  ): PromiseLike<PostgresJsResult>;
}

/**
 * The part of a postgres.js instance (what `postgres(url)` returns) the store uses. Declared here
 * rather than imported, so these types need neither `postgres`'s type parameters nor `pg`.
 */
export interface PostgresJsSqlLike extends PostgresJsQueryable {
  begin(work: (sql: PostgresJsQueryable) => Promise<unknown>): PromiseLike<unknown>;
  readonly options?: {
    /** `false` makes postgres.js send unnamed statements only, whatever a query asks. */
    readonly prepare?: boolean;
    readonly transform?: { readonly [part in "column" | "value" | "row"]?: { readonly from?: unknown } };
  };
}

const unprepared: PreparedStatements = () => false;

function executor(target: PostgresJsQueryable, prepared: PreparedStatements): SqlExecutor {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      try {
        // pg sends `undefined` as NULL; postgres.js throws UNDEFINED_VALUE unless told otherwise.
        const values = params.map((value) => (value === undefined ? null : value));
        const decided = prepared();
        const prepare = typeof decided === "boolean" ? decided : await decided;
        const result = await target.unsafe(sql, values, { prepare });
        return { rows: result as unknown as Row[], rowCount: result.count };
      } catch (error) {
        throw toConflict(error, (error as { table_name?: unknown }).table_name);
      }
    },
  };
}

/**
 * Whether the instance's connections go through a pooler: compares the backend pid the connection
 * that ran a statement was announced (`result.state.pid`) with `pg_backend_pid()` from it.
 */
async function throughPooler(sql: PostgresJsQueryable): Promise<boolean> {
  const result = await sql.unsafe(BACKEND_PID_SQL, [], { prepare: false });
  return announcedByPooler(result.state?.pid, result[0]?.pid);
}

function postgresJsClient(sql: PostgresJsSqlLike, prepared: PreparedStatements): SqlClient {
  return {
    ...executor(sql, prepared),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      // `begin` reserves one connection, commits when `work` resolves, rolls back and rethrows when
      // it throws. Migrations run once: preparing their statements would only fill the cache.
      return (await sql.begin((tx) => work(executor(tx, unprepared)))) as T;
    },
  };
}

/** Result transforms would rename or reshape the rows the queries read (`postgres.camel` does). */
function transformsResults(sql: PostgresJsSqlLike): boolean {
  const transform = sql.options?.transform;
  return (["column", "value", "row"] as const).some((part) => typeof transform?.[part]?.from === "function");
}

/**
 * A keyward store on PostgreSQL through a [postgres.js](https://github.com/porsager/postgres)
 * instance you create and own. Same tables, queries and behaviour as the `pg` driver's
 * `postgresStore`, so both can share one schema. Run `migrate()` once before using it (concurrent
 * runs are safe). The store never ends the instance: call `sql.end()` yourself.
 *
 * The instance must not transform results (`transform: postgres.camel` and the like): create a
 * separate one for keyward. Statements are prepared unless the instance or `options` say
 * `prepare: false`, or the store finds, before its first prepared statement, that the instance
 * goes through a connection pooler such as PgBouncer in transaction mode. It keeps no state in a
 * session between statements.
 *
 * @param sql - what `postgres(url, options)` returns
 * @param options - `schema`, `tablePrefix` and `prepare`
 * @example
 * ```ts
 * import postgres from "postgres";
 * import { createKeyward } from "@keyward/core";
 * import { postgresJsStore } from "@keyward/postgres/postgres-js";
 *
 * const sql = postgres(process.env.DATABASE_URL!, { connect_timeout: 2 });
 * const store = postgresJsStore(sql);
 * await store.migrate();
 * const keyward = createKeyward({ store, storeTimeoutMs: 1000 });
 * ```
 */
export function postgresJsStore(sql: PostgresJsSqlLike, options: PostgresStoreOptions = {}): KeywardStore {
  if (
    (typeof sql !== "function" && typeof sql !== "object") ||
    sql === null ||
    typeof sql.unsafe !== "function" ||
    typeof sql.begin !== "function"
  ) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      "postgresJsStore: pass a postgres.js instance (postgres(url))",
    );
  }
  if (transformsResults(sql)) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      "postgresJsStore: the instance transforms results (transform option); pass one without it",
    );
  }
  const { names, prepare } = resolveOptions(options);
  // An instance made with `prepare: false` sends unnamed statements whatever a query asks: no check.
  const mode = sql.options?.prepare === false ? false : prepare;
  return createSqlStore(
    postgresJsClient(
      sql,
      preparedStatements(mode, () => throughPooler(sql)),
    ),
    names,
  );
}
