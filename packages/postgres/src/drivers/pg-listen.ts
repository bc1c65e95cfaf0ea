import { type BusReporter, quoteChannel } from "../bus";
import { isListenerRefusal } from "../listener-check";

/** The part of a `pg.Client` the bus listens with; a pooled client fits the type but not the job (see `postgresBus`). */
export interface PgListenClient {
  connect(): Promise<unknown>;
  query(text: string): Promise<unknown>;
  end(): Promise<unknown>;
  /** `notification` gets `{ channel, payload }`, `error` an `Error`, `end` nothing. */
  on(event: "notification" | "error" | "end", listener: (...args: unknown[]) => void): unknown;
  removeListener(event: "notification" | "error" | "end", listener: (...args: unknown[]) => void): unknown;
}

/** Waits before reconnecting: 50 ms, doubling, at most 5 s; back to 50 ms once listening again. */
const reconnectDelay = (attempt: number): number => Math.min(5000, 50 * 2 ** attempt);

/** Longest `unsubscribe` waits for the listening client to end. */
const END_TIMEOUT_MS = 2000;

const ignore = () => {};

/** What the bus checks on a listening connection besides following it. */
export interface ListenHooks {
  /** Runs on a connected client before `LISTEN`: whether it is known to reach the server directly. */
  inspect(client: PgListenClient): Promise<boolean>;
  /** Runs once `LISTEN` returned; rejects when notifications cannot reach the client. */
  confirm(direct: boolean): Promise<void>;
  /** Sees every payload on the channel first (the confirmation's probes). */
  receive(payload: string | undefined): void;
}

/**
 * Follows one client: notifications on `channel` go to `reporter`, and its loss to `lost` (once).
 * Returns the function that stops following; a stopped client keeps a no-op `error` listener, so a
 * late socket error cannot crash the process.
 */
function watch(
  client: PgListenClient,
  channel: string,
  reporter: BusReporter,
  hooks: ListenHooks,
  lost: (error: unknown) => void,
): () => void {
  let live = true;
  const onNotification = (notification: unknown) => {
    const { channel: on, payload } = notification as { channel?: unknown; payload?: unknown };
    if (!live || on !== channel) return;
    const text = typeof payload === "string" ? payload : undefined;
    hooks.receive(text);
    reporter.deliver(text);
  };
  const onError = (error: unknown) => {
    if (live) lost(error);
  };
  const onEnd = () => {
    if (live) lost(new Error("postgresBus: the listening connection ended"));
  };
  client.on("notification", onNotification);
  client.on("error", onError);
  client.on("end", onEnd);
  return () => {
    live = false;
    client.removeListener("notification", onNotification);
    client.removeListener("end", onEnd);
    client.on("error", ignore);
    client.removeListener("error", onError);
  };
}

/**
 * Listens on clients the bus opens, reconnecting after each loss with a bounded backoff. Resolves
 * once the first attempt settled (listening, or failed and retrying), so start-up never waits for
 * a database that is away. A client `hooks.confirm` refuses is not retried: the bus stays down, and
 * `subscribe` rejects with the refusal if it was the first attempt (else `onError` is told).
 * @param open - makes a new, unconnected client
 * @param channel - the channel to listen on
 * @param reporter - where messages and status go
 * @param hooks - the check of each new client, and the probes it sends
 * @returns the function that stops listening and ends the client
 */
export async function followOwned(
  open: () => PgListenClient,
  channel: string,
  reporter: BusReporter,
  hooks: ListenHooks,
): Promise<() => Promise<void>> {
  let current: { client: PgListenClient; unwatch: () => void } | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refusal: unknown;
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });

  const retire = (client: PgListenClient): Promise<unknown> => {
    if (current?.client === client) {
      current.unwatch();
      current = undefined;
    }
    return client.end().catch(ignore);
  };
  const lose = (client: PgListenClient | undefined, error: unknown) => {
    if (client !== undefined && current?.client !== client) return; // already replaced or stopped
    reporter.report(false);
    reporter.tell(error);
    if (client !== undefined) void retire(client);
    if (isListenerRefusal(error)) {
      // The same URL would be refused again: down for good, and nothing left to stop.
      refusal = error;
      reporter.stop();
    }
    settle();
    if (reporter.stopped) return;
    timer = setTimeout(connect, reconnectDelay(attempt++));
    // A reconnect pending must not keep a process alive that has nothing else to do.
    (timer as { unref?: () => void }).unref?.();
  };
  const connect = async () => {
    timer = undefined;
    if (reporter.stopped) return;
    let client: PgListenClient;
    try {
      client = open();
    } catch (error) {
      lose(undefined, error);
      return;
    }
    current = { client, unwatch: watch(client, channel, reporter, hooks, (error) => lose(client, error)) };
    try {
      await client.connect();
      const direct = await hooks.inspect(client);
      await client.query(`LISTEN ${quoteChannel(channel)}`);
      await hooks.confirm(direct);
    } catch (error) {
      lose(client, error);
      return;
    }
    if (current?.client !== client) return;
    attempt = 0;
    reporter.report(true);
    settle();
  };

  reporter.report(false);
  void connect();
  await settled;
  if (refusal !== undefined) throw refusal;
  return async () => {
    if (reporter.stopped) return;
    reporter.stop();
    clearTimeout(timer);
    if (current === undefined) return;
    // `end()` waits for the server's goodbye, which a dead network path never sends: bounded.
    let bound: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      retire(current.client),
      new Promise((resolve) => {
        bound = setTimeout(resolve, END_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(bound);
  };
}

/**
 * Listens on a connected client of the user's: no reconnecting (a `pg.Client` cannot), and the
 * client stays open after `unsubscribe`, which only sends `UNLISTEN`. Rejects with the refusal
 * when `hooks.confirm` refuses the client.
 * @param client - a connected client
 * @param channel - the channel to listen on
 * @param reporter - where messages and status go
 * @param hooks - the check of the client, and the probes it sends
 * @returns the function that stops listening
 */
export async function followGiven(
  client: PgListenClient,
  channel: string,
  reporter: BusReporter,
  hooks: ListenHooks,
): Promise<() => Promise<void>> {
  let listening = false;
  const unwatch = watch(client, channel, reporter, hooks, (error) => {
    listening = false;
    unwatch();
    reporter.report(false);
    reporter.tell(error);
  });
  reporter.report(false);
  try {
    const direct = await hooks.inspect(client);
    await client.query(`LISTEN ${quoteChannel(channel)}`);
    await hooks.confirm(direct);
    listening = true;
    reporter.report(true);
  } catch (error) {
    unwatch();
    reporter.tell(error);
    if (isListenerRefusal(error)) {
      reporter.stop();
      throw error;
    }
  }
  return async () => {
    if (reporter.stopped) return;
    reporter.stop();
    unwatch();
    if (listening) await client.query(`UNLISTEN ${quoteChannel(channel)}`).catch(ignore);
  };
}
