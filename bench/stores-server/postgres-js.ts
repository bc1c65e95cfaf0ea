import { createRequire } from "node:module";
import { createKeyward } from "@keyward/core";
import { type PostgresJsSqlLike, postgresJsStore } from "@keyward/postgres/postgres-js";
import { benchKey } from "./stats";

/** A postgres.js instance, typed as far as the bench uses it. */
export interface PostgresJs extends PostgresJsSqlLike {
  (strings: TemplateStringsArray, ...values: unknown[]): PromiseLike<unknown>;
  end(options?: { timeout?: number }): Promise<void>;
}

/**
 * postgres.js, loaded from where `@keyward/postgres` finds it (its dev dependency), so the bench
 * measures the version that package is tested with without a second copy in bench/package.json.
 * @param url - the server
 * @param max - most connections
 */
export function openPostgresJs(url: string, max: number): PostgresJs {
  const require = createRequire(import.meta.resolve("@keyward/postgres/package.json"));
  const postgres = require("postgres") as (url: string, options: { max: number }) => PostgresJs;
  return postgres(url, { max });
}

/** The bare statements the PostgreSQL rows run, with one key hash parameter. */
export interface BareStatements {
  /** The key alone by its hash. */
  readonly byHash: string;
  /** Key, owner and role: the statement `lookupKey` sends. */
  readonly joined: string;
}

/**
 * The postgres.js rows, in the order the summary reads them: `SELECT 1`, bare lookup by hash, bare
 * key + owner + role, authenticate an app key, authenticate a user key.
 * @param sql - the instance, on the bench's schema
 * @param schema - the schema the keys were loaded into
 * @param statements - the bare statements
 * @param pick - a random key number in the loaded range
 * @param hashOf - core's unpeppered key hash
 */
export async function postgresJsOps(
  sql: PostgresJs,
  schema: string,
  statements: BareStatements,
  pick: () => number,
  hashOf: (key: string) => string,
): Promise<Record<string, () => Promise<unknown>>> {
  const keyward = createKeyward({ store: postgresJsStore(sql, { schema }) });
  for (const prefix of ["API-", "USR-"] as const) {
    const check = await keyward.authenticate(benchKey(prefix, pick()));
    if (!check.ok) throw new Error("bulk-loaded key does not authenticate through postgres.js");
  }
  return {
    // A tagged template: postgres.js prepares it like any other statement, as the store's are.
    "SELECT 1": async () => sql`SELECT 1`,
    "bare lookup by hash (prepared)": async () =>
      sql.unsafe(statements.byHash, [hashOf(benchKey("API-", pick()))], { prepare: true }),
    "bare key+owner+role (prepared)": async () =>
      sql.unsafe(statements.joined, [hashOf(benchKey("USR-", pick()))], { prepare: true }),
    "authenticate(app key, 1 query)": () => keyward.authenticate(benchKey("API-", pick())),
    "authenticate(user key, 1 query)": () => keyward.authenticate(benchKey("USR-", pick())),
  };
}
