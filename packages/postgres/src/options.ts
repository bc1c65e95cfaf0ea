import { type TableNames, tableNames } from "./names";

/** Options of the store factories of every driver. */
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

/** {@link PostgresStoreOptions} with the defaults applied and the names validated. */
export interface ResolvedOptions {
  readonly names: TableNames;
  readonly prepare: boolean;
}

/**
 * Applies the defaults. Throws `INVALID_ARGUMENT` for a schema or prefix that is not a safe name.
 * @param options - what the caller passed
 */
export function resolveOptions(options: PostgresStoreOptions): ResolvedOptions {
  return {
    names: tableNames(options.schema ?? "public", options.tablePrefix ?? "keyward_"),
    prepare: options.prepare ?? true,
  };
}
