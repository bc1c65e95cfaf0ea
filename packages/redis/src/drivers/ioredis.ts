import { type InvalidationBus, KeywardError, type KeywardStore } from "@keyward/core";
import { createRedisStore, type RedisStoreOptions } from "../base";
import { createRedisBus, type RedisBusOptions, type SubscriberLink } from "../bus";

/**
 * What the store needs from an ioredis 5 or 6 client (`new Redis(...)`): `call`, which sends any
 * command by name, its arguments as one array. `options.keyPrefix` and `isCluster` are read once, to
 * refuse setups the store's scripts cannot serve.
 */
export interface IoredisClient {
  call(command: string, args: string[]): Promise<unknown>;
  readonly options?: { readonly keyPrefix?: string | undefined };
  readonly isCluster?: boolean;
}

const fail = (message: string): never => {
  throw new KeywardError("INVALID_ARGUMENT", `redisStore (ioredis): ${message}`);
};

/**
 * A keyward store on Redis through an ioredis 5 or 6 client you create and own (the store never
 * closes it). Same data layout, scripts and behaviour as the node-redis driver, so the two can share
 * a server. Needs a single Redis node or a primary/replica set, not Redis Cluster.
 *
 * ioredis queues commands while disconnected and retries them after a reconnect by default: an
 * outage then surfaces only when `storeTimeoutMs` runs out, and a write keyward already answered
 * 503 for may still land later. Create the client with `enableOfflineQueue: false` and
 * `maxRetriesPerRequest: 0` so commands fail at once instead.
 *
 * @param client - an ioredis client (connected, or connecting)
 * @param options - `prefix`, `warn`
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { createKeyward } from "@keyward/core";
 * import { redisStore } from "@keyward/redis/ioredis";
 *
 * const client = new Redis(process.env.REDIS_URL!, {
 *   enableOfflineQueue: false,
 *   maxRetriesPerRequest: 0,
 *   lazyConnect: true,
 * });
 * client.on("error", (error) => console.error("redis", error.message));
 * await client.connect();
 * const store = redisStore(client);
 * await store.migrate(); // warns once if the server's appendonly is off
 * const keyward = createKeyward({ store });
 * ```
 */
export function redisStore(client: IoredisClient, options: RedisStoreOptions = {}): KeywardStore {
  if (typeof client !== "object" || client === null || typeof client.call !== "function") {
    fail("pass an ioredis client (new Redis(...))");
  }
  // Scripts build record names from what they read, and those names hash to other slots.
  if (client.isCluster === true) fail("Redis Cluster is not supported; pass a client of one node");
  // ioredis would prefix the keys a command declares but not the names the scripts derive, so the
  // two would drift apart: the store's own prefix covers both.
  if (client.options?.keyPrefix) {
    fail("the client's keyPrefix is not supported; pass the store's `prefix` option instead");
  }
  // The array form of `call`: ioredis flattens it anyway, and it skips spreading every argument
  // twice on the authentication path.
  return createRedisStore(
    { send: (args) => client.call(args[0] as string, args.slice(1)) },
    options,
    "redisStore (ioredis)",
  );
}

/** What the bus needs from the ioredis client it listens on (`new Redis(...)` or `duplicate()`). */
export interface IoredisSubscriber {
  readonly status: string;
  connect(): Promise<unknown>;
  subscribe(...channels: string[]): Promise<unknown>;
  unsubscribe(...channels: string[]): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(reconnect?: boolean): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** The ioredis client a bus publishes with; `duplicate()` opens its listening connection. */
export interface IoredisBusClient extends IoredisClient {
  duplicate?(): IoredisSubscriber;
}

const ignore = () => {};
// ioredis subscribes a connection to a channel, not a listener: a client passed to several buses
// unsubscribes a channel only when the last of them stops.
const sharing = new WeakMap<IoredisSubscriber, Map<string, number>>();

function listenOn(subscriber: IoredisSubscriber, owned: boolean, channel: string): SubscriberLink {
  if (owned) subscriber.on("error", ignore);
  else {
    const counts = sharing.get(subscriber) ?? new Map<string, number>();
    sharing.set(subscriber, counts.set(channel, (counts.get(channel) ?? 0) + 1));
  }
  let deliver: (text: string) => void = ignore;
  const onMessage = (from: unknown, text: unknown) => {
    if (from === channel) deliver(String(text));
  };
  subscriber.on("message", onMessage);
  return {
    ready: () => subscriber.status === "ready",
    start: () => {
      if (owned && subscriber.status === "wait") subscriber.connect().catch(ignore);
    },
    subscribe(onText) {
      deliver = onText;
      // ioredis emits `ready` before it resubscribes, and does not wait for the reply: this SUBSCRIBE
      // (harmless when repeated) is what confirms the subscription on the new connection.
      return subscriber.subscribe(channel);
    },
    watch(down, up) {
      const onError = (error: unknown) => down(error);
      const onDown = () => down();
      const events = ["close", "end", "reconnecting"] as const;
      subscriber.on("error", onError);
      for (const event of events) subscriber.on(event, onDown);
      subscriber.on("ready", up);
      return () => {
        subscriber.off("error", onError);
        for (const event of events) subscriber.off(event, onDown);
        subscriber.off("ready", up);
      };
    },
    async stop() {
      subscriber.off("message", onMessage);
      if (owned) {
        if (subscriber.status === "ready") await subscriber.quit().catch(() => subscriber.disconnect());
        else subscriber.disconnect();
        return;
      }
      const counts = sharing.get(subscriber);
      const left = (counts?.get(channel) ?? 1) - 1;
      if (left > 0) counts?.set(channel, left);
      else {
        counts?.delete(channel);
        if (subscriber.status === "ready") await subscriber.unsubscribe(channel).catch(ignore);
      }
    },
  };
}

/**
 * An invalidation bus on Redis pub/sub through ioredis 5 or 6, for `createKeyward({ cache: { bus } })`:
 * instances on one store tell each other what changed, so a key revoked through one is refused by all
 * at once. It publishes with `client` and listens on a connection of its own (under RESP2 a subscribed
 * connection takes no other command): `client.duplicate()`, opened and closed by the bus, or
 * `options.subscriber`.
 *
 * While that connection is down, reconnecting, or not yet confirmed as subscribed, the bus reports
 * itself down and the cache is not used (every authentication reads the store).
 *
 * @param client - the ioredis client the store uses
 * @param options - `prefix` (the store's), `channel`, `subscriber`, `onError`
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { createKeyward } from "@keyward/core";
 * import { redisBus, redisStore } from "@keyward/redis/ioredis";
 *
 * const client = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
 * await client.connect();
 * const keyward = createKeyward({
 *   store: redisStore(client),
 *   cache: { ttlMs: 60_000, maxEntries: 10_000, bus: redisBus(client) },
 * });
 * ```
 */
export function redisBus(
  client: IoredisBusClient,
  options: RedisBusOptions<IoredisSubscriber> = {},
): InvalidationBus {
  const fail = (message: string): never => {
    throw new KeywardError("INVALID_ARGUMENT", `redisBus (ioredis): ${message}`);
  };
  if (typeof client !== "object" || client === null || typeof client.call !== "function") {
    fail("pass an ioredis client (new Redis(...))");
  }
  const { subscriber } = options;
  if (subscriber === undefined && typeof client.duplicate !== "function") {
    fail("the client has no duplicate(); pass options.subscriber");
  }
  if (subscriber !== undefined) {
    if (typeof subscriber !== "object" || subscriber === null || typeof subscriber.subscribe !== "function") {
      fail("options.subscriber must be an ioredis client");
    }
    if ((subscriber as object) === client)
      fail("options.subscriber must be a connection of its own, not the client");
  }
  return createRedisBus(
    {
      caller: "redisBus (ioredis)",
      publish: (channel, text) => client.call("PUBLISH", [channel, text]),
      link(channel) {
        if (subscriber === undefined) return listenOn(client.duplicate!(), true, channel);
        if (subscriber.status === "wait" || subscriber.status === "end") {
          fail("options.subscriber is not connected; connect() it first");
        }
        return listenOn(subscriber, false, channel);
      },
    },
    options,
  );
}

export type { RedisStoreOptions } from "../base";
export type { RedisBusOptions } from "../bus";
