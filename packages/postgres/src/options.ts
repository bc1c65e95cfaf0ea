import { KeywardError } from "@keyward/core";
import { type TableNames, tableNames } from "./names";

/** Options of the store factories of every driver. */
export interface PostgresStoreOptions {
  /** The PostgreSQL schema holding the tables; `migrate()` creates it. Default: `"public"`. */
  readonly schema?: string;
  /** Prepended to every table and index name. Default: `"keyward_"`. */
  readonly tablePrefix?: string;
  /**
   * Whether queries are named prepared statements, parsed and planned once per connection:
   * - omitted (the default): yes on a direct connection; no behind a connection pooler, which the
   *   store recognises before its first prepared statement (one `SELECT pg_backend_pid()`: a pooler
   *   such as PgBouncer announces a backend of its own at connection start, not the server's);
   * - `false`: never, and nothing is checked. For PgBouncer in transaction mode (before 1.21, or
   *   without `max_prepared_statements`) and any pooler the check might not recognise;
   * - `true`: always, unchecked. For PgBouncer 1.21+ with `max_prepared_statements` set, which keeps
   *   named statements apart per client.
   */
  readonly prepare?: boolean;
}

/** When the store uses named prepared statements: always, never, or unless it finds a pooler. */
export type PrepareMode = boolean | "unless-pooled";

/** {@link PostgresStoreOptions} with the defaults applied and the names validated. */
export interface ResolvedOptions {
  readonly names: TableNames;
  readonly prepare: PrepareMode;
}

/**
 * Applies the defaults. Throws `INVALID_ARGUMENT` for a schema or prefix that is not a safe name.
 * @param options - what the caller passed
 */
export function resolveOptions(options: PostgresStoreOptions): ResolvedOptions {
  const { prepare } = options;
  if (prepare !== undefined && typeof prepare !== "boolean") {
    throw new KeywardError("INVALID_ARGUMENT", "prepare must be true, false or left out");
  }
  return {
    names: tableNames(options.schema ?? "public", options.tablePrefix ?? "keyward_"),
    prepare: prepare ?? "unless-pooled",
  };
}
