import { type InvalidationBus, KeywardError } from "@keyward/core";
import { busChannel, busReporter, encodeInvalidation, type PostgresBusOptions } from "../bus";
import { confirmListening, listenerProbe } from "../listener-check";
import { announcedByPooler, BACKEND_PID_SQL } from "../prepared-statements";
import type { PgQueryable } from "./pg";
import { followGiven, followOwned, type ListenHooks, type PgListenClient } from "./pg-listen";

export type { PgListenClient } from "./pg-listen";

/** Options of `postgresBus`. */
export interface PgBusOptions extends PostgresBusOptions {
  /**
   * The dedicated connection to `LISTEN` on:
   * - omitted: the bus opens a `new pool.Client(pool.options)` (a `pg.Pool`'s own client class and
   *   settings, outside the pool), a new one after each loss, and ends it on `unsubscribe`;
   * - a function returning a new, unconnected `pg.Client`: the same, with clients it makes (for a
   *   direct URL when the pool goes through PgBouncer in transaction mode);
   * - a connected `pg.Client`: yours. The bus listens on it and leaves it open; once it is lost, the
   *   bus stays down (the cache reads the store) until you subscribe again with a new one.
   *
   * A connection through a pooler that does not keep its session (PgBouncer in transaction mode)
   * is refused: `subscribe` rejects with `INVALID_ARGUMENT` and the bus stays down.
   */
  readonly listener?: PgListenClient | (() => PgListenClient);
}

/** The listener to use: the user's client or factory, or one opened like the pool's own clients. */
function listenerOf(
  pool: PgQueryable,
  listener: PgBusOptions["listener"],
): PgListenClient | (() => PgListenClient) {
  if (listener !== undefined) {
    const fits =
      typeof listener === "function" ||
      (typeof listener === "object" && listener !== null && typeof listener.query === "function");
    if (!fits) {
      throw new KeywardError(
        "INVALID_ARGUMENT",
        "postgresBus: listener must be a pg Client or a function making one",
      );
    }
    return listener;
  }
  const { Client, options } = pool as { Client?: unknown; options?: Record<string, unknown> };
  if (typeof Client !== "function") {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      "postgresBus: this pool has no Client class to listen with; pass listener: () => new pg.Client(url)",
    );
  }
  const config = {
    ...options,
    // A listening connection is idle for hours: have the OS probe it, and never wait forever to connect.
    keepAlive: options?.keepAlive ?? true,
    connectionTimeoutMillis: options?.connectionTimeoutMillis || 10_000,
  };
  return () => new (Client as new (config: object) => PgListenClient)(config);
}

/**
 * An invalidation bus on PostgreSQL `LISTEN`/`NOTIFY` through `pg`, for `createKeyward({ cache })`:
 * every instance on one store tells the others what changed, so a key revoked through one is
 * refused by all of them at once. Publishes with `SELECT pg_notify(channel, payload)` on the pool;
 * listens on a dedicated connection outside it, because `LISTEN` belongs to one session and a
 * pooled connection is handed to other work (or, behind a transaction pooler, to other clients)
 * between queries.
 *
 * Reports itself down (the cache then reads the store) from the start and whenever the listening
 * connection errs or ends; up only once `LISTEN` returned on the connection now open.
 *
 * Refuses to listen through a connection pooler that hands server connections to other clients
 * between transactions (PgBouncer in transaction mode), where `LISTEN` would hear nothing: each
 * new listening connection is checked (a connection whose announced backend is not the server's
 * must receive a test notification within 5 s), and a refused one makes `subscribe` reject with
 * `INVALID_ARGUMENT`, naming the `listener` option. A store's pool may go through the pooler:
 * publishing works there.
 *
 * @param pool - the `pg.Pool` the store uses
 * @param options - `schema` and `tablePrefix` as given to the store (or `channel`), `listener`, `onError`
 * @example
 * ```ts
 * import pg from "pg";
 * import { createKeyward } from "@keyward/core";
 * import { postgresBus, postgresStore } from "@keyward/postgres/pg";
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 2000 });
 * const keyward = createKeyward({
 *   store: postgresStore(pool),
 *   cache: { ttlMs: 60_000, maxEntries: 10_000, bus: postgresBus(pool) },
 * });
 * ```
 */
export function postgresBus(pool: PgQueryable, options: PgBusOptions = {}): InvalidationBus {
  if (typeof pool !== "object" || pool === null || typeof pool.query !== "function") {
    throw new KeywardError("INVALID_ARGUMENT", "postgresBus: pass a pg Pool (new pg.Pool(...))");
  }
  const channel = busChannel(options, "postgresBus");
  const listener = listenerOf(pool, options.listener);
  const notify = async (payload: string) => {
    await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
  };
  return {
    publish: (message) => notify(encodeInvalidation(message, "postgresBus")),
    subscribe(onMessage, onStatus) {
      const reporter = busReporter(onMessage, onStatus, options.onError);
      const probe = listenerProbe();
      const hooks: ListenHooks = {
        receive: probe.receive,
        // Before LISTEN, so that LISTEN stays the last statement the listening backend shows in
        // pg_stat_activity (how operators, and the tests, find it).
        async inspect(client) {
          const result = (await client.query(BACKEND_PID_SQL)) as { rows?: { pid?: unknown }[] } | undefined;
          const announced = (client as { processID?: unknown }).processID;
          return !announcedByPooler(announced, result?.rows?.[0]?.pid);
        },
        confirm: (direct) =>
          confirmListening({
            direct,
            probe,
            publish: notify,
            caller: "postgresBus",
            advice: "pass listener: () => new pg.Client(directUrl)",
          }),
      };
      return typeof listener === "function"
        ? followOwned(listener, channel, reporter, hooks)
        : followGiven(listener, channel, reporter, hooks);
    },
  };
}
