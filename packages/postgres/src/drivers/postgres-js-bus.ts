import { type InvalidationBus, KeywardError } from "@keyward/core";
import {
  type BusReporter,
  busChannel,
  busReporter,
  encodeInvalidation,
  type PostgresBusOptions,
} from "../bus";
import { confirmListening, isListenerRefusal, listenerProbe } from "../listener-check";
import type { PostgresJsQueryable } from "./postgres-js";

/** The part of a postgres.js instance the bus listens with: `sql.listen`. */
export interface PostgresJsListenSql {
  listen(
    channel: string,
    onnotify: (payload: string) => void,
    onlisten?: () => void,
  ): PromiseLike<{ unlisten(): Promise<unknown>; readonly state?: { readonly pid?: number | null } }>;
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
 * The connection `sql.listen` opens lives in a postgres.js instance of its own, `sql.listen.sql`
 * (`max: 1`), whose `options.onclose` postgres.js calls each time that connection closes (and then
 * sends `LISTEN` again). postgres.js tells a listener nothing else about the connection, so the bus
 * wraps that hook: one wrapper per instance, shared by every bus listening through it.
 */
interface ListenInstance {
  readonly options: { onclose?: (id: number) => void };
}
const ignore = () => {};

const closeWatchers = new WeakMap<ListenInstance, Set<() => void>>();

function listenInstance(listener: PostgresJsListenSql): ListenInstance {
  const inner = (listener.listen as { sql?: Partial<ListenInstance> }).sql;
  if (typeof inner?.options !== "object" || inner.options === null) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      "postgresJsBus: this postgres.js version does not expose its listening connection (tested with 3.4)",
    );
  }
  return inner as ListenInstance;
}

function watchClose(instance: ListenInstance, onClose: () => void): () => void {
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
 * Whether a backend with this pid runs on the server: the pid announced to the listening connection
 * is the server's on a direct connection, an id of the pooler's own behind one (see
 * `announcedByPooler`). Asked through the publishing instance, so the listening connection's last
 * statement stays its `LISTEN` (how operators find it in pg_stat_activity).
 */
async function backendExists(sql: PostgresJsQueryable, pid: number): Promise<boolean> {
  const rows = await sql.unsafe(
    "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1::bigint) AS found",
    [pid],
    { prepare: false },
  );
  return rows[0]?.found === true;
}

/**
 * Listens through `sql.listen`. postgres.js keeps one dedicated connection per instance for it
 * (outside the pool, no idle timeout or lifetime) and, whenever that connection closes, sends
 * `LISTEN` again on a new one after its `backoff` delay, then calls `onlisten`, as it did the
 * first time. So: down from the start and on every close, up on every `onlisten` once the
 * listening connection passed `confirmListening` (checked once per subscription). A refused
 * connection is not listened on again: `subscribe` rejects with the refusal when it came with the
 * first `LISTEN`, else `onError` is told.
 * @param listener - the instance whose `listen` to use
 * @param sql - the publishing instance
 * @param channel - the channel
 * @param reporter - where messages and status go
 * @param notify - publishes a payload on the channel, as the bus does
 */
async function follow(
  listener: PostgresJsListenSql,
  sql: PostgresJsQueryable,
  channel: string,
  reporter: BusReporter,
  notify: (payload: string) => Promise<void>,
): Promise<() => Promise<void>> {
  reporter.report(false);
  const probe = listenerProbe();
  let listening = false;
  let firstSettled = false;
  let checked = false;
  let checking: Promise<void> | undefined;
  let refusal: unknown;
  let state: { readonly pid?: number | null } | undefined;
  let unwatch: () => void = ignore;
  let unlisten: (() => Promise<unknown>) | undefined;
  const stop = async () => {
    if (reporter.stopped) return;
    reporter.stop();
    unwatch();
    // After a reconnect, postgres.js's `unlisten` no longer finds the listener it re-registered
    // (3.4.9) and leaves it subscribed: the reporter, stopped, ignores what it still receives.
    await unlisten?.().catch(ignore);
  };
  const check = async () => {
    try {
      // The first `LISTEN`'s result names its connection's announced pid; postgres.js keeps those
      // of later ones to itself, and the probe decides then.
      const pid = state?.pid;
      await confirmListening({
        direct: typeof pid === "number" ? await backendExists(sql, pid) : undefined,
        probe,
        publish: notify,
        caller: "postgresJsBus",
        advice: "pass listener: postgres(directUrl, { max: 1 })",
      });
      checked = true;
      if (listening) reporter.report(true);
    } catch (error) {
      reporter.tell(error);
      if (isListenerRefusal(error)) {
        refusal = error;
        await stop();
      } else {
        checking = undefined; // checked again at the next `onlisten`
      }
    }
  };
  const startCheck = () => {
    if (!checked && checking === undefined && listening && !reporter.stopped) checking = check();
  };
  const request = listener.listen(
    channel,
    (payload) => {
      probe.receive(payload);
      reporter.deliver(payload);
    },
    () => {
      if (reporter.stopped) return;
      listening = true;
      if (checked) reporter.report(true);
      else if (firstSettled) startCheck();
    },
  );
  // `listen` creates its instance before its first await: it exists by now.
  try {
    unwatch = watchClose(listenInstance(listener), () => {
      listening = false;
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
  try {
    ({ unlisten, state } = await request);
  } catch (error) {
    // postgres.js keeps the listener and retries on its own: `onlisten` starts the check later.
    reporter.tell(error);
  }
  firstSettled = true;
  startCheck();
  await checking;
  if (refusal !== undefined) throw refusal;
  return stop;
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
  const notify = async (payload: string) => {
    await sql.unsafe("SELECT pg_notify($1, $2)", [channel, payload]);
  };
  return {
    publish: (message) => notify(encodeInvalidation(message, "postgresJsBus")),
    subscribe(onMessage, onStatus) {
      return follow(
        listener as PostgresJsListenSql,
        sql,
        channel,
        busReporter(onMessage, onStatus, options.onError),
        notify,
      );
    },
  };
}
