import { type InvalidationBus, KeywardError } from "@keyward/core";
import {
  type BusReporter,
  busChannel,
  busReporter,
  encodeInvalidation,
  type PostgresBusOptions,
} from "../bus";
import type { PostgresJsQueryable } from "./postgres-js";

/** The part of a postgres.js instance the bus listens with: `sql.listen`. */
export interface PostgresJsListenSql {
  listen(
    channel: string,
    onnotify: (payload: string) => void,
    onlisten?: () => void,
  ): PromiseLike<{ unlisten(): Promise<unknown> }>;
}

/** The part of a postgres.js instance the bus uses: `unsafe` to publish, `listen` to listen. */
export interface PostgresJsBusSql extends PostgresJsQueryable, PostgresJsListenSql {}

/** Options of `postgresJsBus`. */
export interface PostgresJsBusOptions extends PostgresBusOptions {
  /**
   * The instance whose `listen` the bus uses. Default: the instance it publishes through. Pass a
   * second one on a direct URL when the first goes through PgBouncer in transaction mode.
   */
  readonly listener?: PostgresJsListenSql;
}

/**
 * The connection `sql.listen` opens lives in a postgres.js instance of its own, `sql.listen.sql`,
 * whose `options.onclose` postgres.js calls each time that connection closes (and then sends
 * `LISTEN` again). postgres.js tells a listener nothing else about the connection, so the bus wraps
 * that hook: one wrapper per instance, shared by every bus listening through it.
 */
interface ListenInstance {
  readonly options: { onclose?: (id: number) => void };
}
const ignore = () => {};

const closeWatchers = new WeakMap<ListenInstance, Set<() => void>>();

function watchClose(listener: PostgresJsListenSql, onClose: () => void): () => void {
  const inner = (listener.listen as { sql?: Partial<ListenInstance> }).sql;
  if (typeof inner?.options !== "object" || inner.options === null) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      "postgresJsBus: this postgres.js version does not expose its listening connection (tested with 3.4)",
    );
  }
  const instance = inner as ListenInstance;
  let watchers = closeWatchers.get(instance);
  if (watchers === undefined) {
    const own = new Set<() => void>();
    watchers = own;
    closeWatchers.set(instance, own);
    const relisten = instance.options.onclose;
    instance.options.onclose = (id) => {
      for (const watcher of own) watcher();
      relisten?.(id);
    };
  }
  watchers.add(onClose);
  return () => watchers.delete(onClose);
}

/**
 * Listens through `sql.listen`. postgres.js keeps one dedicated connection per instance for it
 * (outside the pool, no idle timeout or lifetime) and, whenever that connection closes, sends
 * `LISTEN` again on a new one after its `backoff` delay, then calls `onlisten`, as it did the
 * first time. So: down from the start and on every close, up on every `onlisten`.
 */
async function follow(
  listener: PostgresJsListenSql,
  channel: string,
  reporter: BusReporter,
): Promise<() => Promise<void>> {
  reporter.report(false);
  const request = listener.listen(
    channel,
    (payload) => reporter.deliver(payload),
    () => reporter.report(true),
  );
  // `listen` creates its instance before its first await: it exists by now.
  let unwatch: () => void;
  try {
    unwatch = watchClose(listener, () => {
      reporter.report(false);
      reporter.tell(new Error("postgresJsBus: the listening connection closed"));
    });
  } catch (error) {
    reporter.stop();
    void Promise.resolve(request)
      .then(({ unlisten }) => unlisten(), ignore)
      .then(undefined, ignore);
    throw error;
  }
  let unlisten: (() => Promise<unknown>) | undefined;
  try {
    ({ unlisten } = await request);
  } catch (error) {
    // postgres.js keeps the listener and retries on its own: `onlisten` reports it up later.
    reporter.tell(error);
  }
  return async () => {
    if (reporter.stopped) return;
    reporter.stop();
    unwatch();
    // After a reconnect, postgres.js's `unlisten` no longer finds the listener it re-registered
    // (3.4.9) and leaves it subscribed: the reporter, stopped, ignores what it still receives.
    await unlisten?.().catch(ignore);
  };
}

/**
 * An invalidation bus on PostgreSQL `LISTEN`/`NOTIFY` through postgres.js, for
 * `createKeyward({ cache })`: every instance on one store tells the others what changed, so a key
 * revoked through one is refused by all of them at once. Publishes with
 * `SELECT pg_notify(channel, payload)` on `sql`; listens with `sql.listen`, which keeps a
 * dedicated connection outside the pool (closed by `sql.end()`, not by `unsubscribe`).
 *
 * Reports itself down (the cache then reads the store) from the start and whenever the listening
 * connection closes; up whenever postgres.js has run `LISTEN` on a connection again.
 *
 * @param sql - the postgres.js instance the store uses
 * @param options - `schema` and `tablePrefix` as given to the store (or `channel`), `listener`, `onError`
 * @example
 * ```ts
 * import postgres from "postgres";
 * import { createKeyward } from "@keyward/core";
 * import { postgresJsBus, postgresJsStore } from "@keyward/postgres/postgres-js";
 *
 * const sql = postgres(process.env.DATABASE_URL!, { connect_timeout: 2, backoff: () => 0.1 });
 * const keyward = createKeyward({
 *   store: postgresJsStore(sql),
 *   cache: { ttlMs: 60_000, maxEntries: 10_000, bus: postgresJsBus(sql) },
 * });
 * ```
 */
export function postgresJsBus(sql: PostgresJsBusSql, options: PostgresJsBusOptions = {}): InvalidationBus {
  const fits = (value: unknown, method: string) =>
    (typeof value === "function" || (typeof value === "object" && value !== null)) &&
    typeof (value as Record<string, unknown>)[method] === "function";
  if (!fits(sql, "unsafe")) {
    throw new KeywardError("INVALID_ARGUMENT", "postgresJsBus: pass a postgres.js instance (postgres(url))");
  }
  const listener = options.listener ?? sql;
  if (!fits(listener, "listen")) {
    throw new KeywardError("INVALID_ARGUMENT", "postgresJsBus: listener must be a postgres.js instance");
  }
  const channel = busChannel(options, "postgresJsBus");
  return {
    async publish(message) {
      await sql.unsafe("SELECT pg_notify($1, $2)", [channel, encodeInvalidation(message, "postgresJsBus")]);
    },
    subscribe(onMessage, onStatus) {
      return follow(
        listener as PostgresJsListenSql,
        channel,
        busReporter(onMessage, onStatus, options.onError),
      );
    },
  };
}
