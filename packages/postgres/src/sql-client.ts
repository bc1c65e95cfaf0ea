/** The rows a query returned and how many rows it changed. */
export interface SqlResult<Row> {
  readonly rows: Row[];
  /** Rows inserted, updated or deleted; `null` when the driver does not say. */
  readonly rowCount: number | null;
}

/** Runs one parameterised statement (`$1`, `$2`, … placeholders). */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

/**
 * The tiny client shape the queries in `base.ts` need. A driver file adapts a real driver to it, so
 * the queries know nothing about connection pools (the Lucia v3 adapter layout).
 */
export interface SqlClient extends SqlExecutor {
  /** Runs `work` inside one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}
