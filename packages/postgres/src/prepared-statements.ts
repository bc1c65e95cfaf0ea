import type { PrepareMode } from "./options";

/** Answers whether the next statement may be a named prepared statement. */
export type PreparedStatements = () => boolean | Promise<boolean>;

/**
 * Decides once per store whether its statements are named prepared statements. With
 * `"unless-pooled"`, asks `throughPooler` before the first statement that would be prepared and
 * keeps the answer; a check that fails (the server is away) is asked again next time, so an outage
 * at start-up does not decide anything.
 * @param mode - the resolved `prepare` option
 * @param throughPooler - whether the store's connections go through a connection pooler
 */
export function preparedStatements(
  mode: PrepareMode,
  throughPooler: () => Promise<boolean>,
): PreparedStatements {
  if (mode !== "unless-pooled") return () => mode;
  let decided: boolean | undefined;
  let pending: Promise<boolean> | undefined;
  return () => {
    if (decided !== undefined) return decided;
    pending ??= throughPooler().then(
      (pooled) => {
        decided = !pooled;
        return decided;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

/**
 * Whether a connection goes through a pooler, from the backend process id the connection was
 * announced at start-up (the BackendKeyData message, kept by the driver for cancel requests) and
 * the one `pg_backend_pid()` returns on it. PostgreSQL announces the backend's own pid, so the two
 * are equal on a direct connection (and through a plain TCP proxy). A pooler cannot: a client's
 * statements run on whichever server connection is free, so PgBouncer announces an id of its own
 * that routes cancel requests. A pid the driver does not expose counts as direct.
 * @param announced - the pid of BackendKeyData (`client.processID` in pg, `result.state.pid` in postgres.js)
 * @param actual - what `SELECT pg_backend_pid()` returned on that connection
 */
export function announcedByPooler(announced: unknown, actual: unknown): boolean {
  const answered = Number(actual);
  return typeof announced === "number" && Number.isInteger(answered) && answered !== announced;
}

/** The statement whose answer {@link announcedByPooler} compares with the announced pid. */
export const BACKEND_PID_SQL = "SELECT pg_backend_pid() AS pid";
