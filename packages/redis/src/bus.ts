import { type InvalidationBus, type InvalidationMessage, KeywardError } from "@keyward/core";
import { parseInvalidation } from "@keyward/core/adapter";

/** Options of `redisBus`; `Subscriber` is the driver's client type. */
export interface RedisBusOptions<Subscriber> {
  /** The store's `prefix`: the channel is `<prefix>invalidate`. Default: `"keyward:"`, as for the store. */
  readonly prefix?: string;
  /** The channel's whole name, instead of one derived from `prefix`. */
  readonly channel?: string;
  /**
   * The connection to listen on, yours to open and close. Default: `client.duplicate()`, opened by
   * the bus and closed when it stops.
   */
  readonly subscriber?: Subscriber;
  /**
   * Told of every error of the listening connection and every subscription that failed; the bus
   * reports itself down meanwhile, so the cache reads the store. Default: ignored.
   */
  readonly onError?: (error: unknown) => void;
}

/**
 * A listening connection as the shared bus sees it; a driver file adapts its client in a few lines.
 * @internal
 */
export interface SubscriberLink {
  /** Whether the connection takes commands now. */
  ready(): boolean;
  /** Opens the connection when the bus owns it (after `watch`, so no event is missed). */
  start(): void;
  /**
   * Subscribes to the channel; resolves once the server confirmed the subscription on the current
   * connection. `deliver` gets each message's text.
   */
  subscribe(deliver: (text: string) => void): Promise<unknown>;
  /** Follows the connection: `down` when messages may be missed, `up` when it takes commands again. */
  watch(down: (error?: unknown) => void, up: () => void): () => void;
  /** Stops listening; closes the connection when the bus opened it. */
  stop(): Promise<void>;
}

/**
 * What a driver file gives the shared bus.
 * @internal
 */
export interface BusDriver {
  /** The factory's name, for error messages. */
  readonly caller: string;
  /** Sends PUBLISH on the normal client. */
  publish(channel: string, text: string): Promise<unknown>;
  /** Opens (or takes) the listening connection; throws when it cannot serve. */
  link(channel: string): SubscriberLink;
}

const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/**
 * The invalidation bus over any driver: messages are the JSON of an `InvalidationMessage` on one
 * channel. Its status follows the listening connection: down at once on any sign that a message may
 * be lost, up only once the server has confirmed the subscription on the connection now open.
 * @param driver - publishes, and adapts the listening connection
 * @param options - `prefix`, `channel`, `onError` (the driver reads `subscriber`)
 */
export function createRedisBus(driver: BusDriver, options: RedisBusOptions<unknown>): InvalidationBus {
  const fail = (message: string): never => {
    throw new KeywardError("INVALID_ARGUMENT", `${driver.caller}: ${message}`);
  };
  const { prefix = "keyward:", channel = `${prefix}invalidate`, onError } = options;
  if (!nonEmpty(prefix)) fail("prefix must be a non-empty string");
  if (!nonEmpty(channel)) fail("channel must be a non-empty string");
  if (onError !== undefined && typeof onError !== "function") fail("onError must be a function");
  const tell = (error: unknown) => {
    try {
      onError?.(error);
    } catch {
      // A failing hook must not stop the bus from following its connection.
    }
  };
  return {
    async publish(message) {
      // Re-parsed, so only the fields of a known message (ids, never more) go on the wire.
      const known = parseInvalidation(JSON.stringify(message));
      if (known === null) fail("publish: not an invalidation message");
      await driver.publish(channel, JSON.stringify(known));
    },
    async subscribe(onMessage, onStatus) {
      return follow(driver.link(channel), onMessage, onStatus, tell);
    },
  };
}

/**
 * Subscribes through `link` and keeps the status true only while the subscription is confirmed.
 * Resolves once the first attempt settled: subscribed, or failed (the bus then stays down and
 * subscribes again when the client reconnects), so a shutdown never waits for Redis to come back.
 */
async function follow(
  link: SubscriberLink,
  onMessage: (message: InvalidationMessage) => void,
  onStatus: (connected: boolean) => void,
  tell: (error: unknown) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  // Bumped whenever a message may have been missed: a confirmation begun before it proves nothing.
  let epoch = 0;
  let reported: boolean | undefined;
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const report = (connected: boolean) => {
    if (stopped || reported === connected) return;
    reported = connected;
    onStatus(connected);
  };
  const deliver = (text: string) => {
    if (stopped) return;
    const message = parseInvalidation(text);
    if (message !== null) onMessage(message);
  };
  const confirm = () => {
    const at = epoch;
    Promise.resolve()
      .then(() => link.subscribe(deliver))
      .then(
        () => {
          if (at === epoch && link.ready()) report(true);
          settle();
        },
        (error: unknown) => {
          if (!stopped) tell(error);
          settle();
        },
      );
  };
  const unwatch = link.watch((error) => {
    epoch++;
    report(false);
    if (error !== undefined && !stopped) tell(error);
    settle();
  }, confirm);
  try {
    link.start();
  } catch (error) {
    unwatch();
    throw error;
  }
  if (link.ready()) confirm();
  await settled;
  return async () => {
    if (stopped) return;
    stopped = true;
    epoch++;
    unwatch();
    await link.stop();
  };
}
