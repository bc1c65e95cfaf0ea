import { type BusReporter, quoteChannel } from "../bus";

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

/**
 * Follows one client: notifications on `channel` go to `reporter`, and its loss to `lost` (once).
 * Returns the function that stops following; a stopped client keeps a no-op `error` listener, so a
 * late socket error cannot crash the process.
 */
function watch(
  client: PgListenClient,
  channel: string,
  reporter: BusReporter,
  lost: (error: unknown) => void,
): () => void {
  let live = true;
  const onNotification = (notification: unknown) => {
    const { channel: on, payload } = notification as { channel?: unknown; payload?: unknown };
    if (live && on === channel) reporter.deliver(typeof payload === "string" ? payload : undefined);
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
 * a database that is away.
 * @param open - makes a new, unconnected client
 * @param channel - the channel to listen on
 * @param reporter - where messages and status go
 * @returns the function that stops listening and ends the client
 */
export async function followOwned(
  open: () => PgListenClient,
  channel: string,
  reporter: BusReporter,
): Promise<() => Promise<void>> {
  let current: { client: PgListenClient; unwatch: () => void } | undefined;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
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
    current = { client, unwatch: watch(client, channel, reporter, (error) => lose(client, error)) };
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteChannel(channel)}`);
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
 * client stays open after `unsubscribe`, which only sends `UNLISTEN`.
 * @param client - a connected client
 * @param channel - the channel to listen on
 * @param reporter - where messages and status go
 * @returns the function that stops listening
 */
export async function followGiven(
  client: PgListenClient,
  channel: string,
  reporter: BusReporter,
): Promise<() => Promise<void>> {
  let listening = false;
  const unwatch = watch(client, channel, reporter, (error) => {
    listening = false;
    unwatch();
    reporter.report(false);
    reporter.tell(error);
  });
  reporter.report(false);
  try {
    await client.query(`LISTEN ${quoteChannel(channel)}`);
    listening = true;
    reporter.report(true);
  } catch (error) {
    unwatch();
    reporter.tell(error);
  }
  return async () => {
    if (reporter.stopped) return;
    reporter.stop();
    unwatch();
    if (listening) await client.query(`UNLISTEN ${quoteChannel(channel)}`).catch(ignore);
  };
}
