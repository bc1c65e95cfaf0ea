import { type InvalidationBus, KeywardError, type KeywardStore } from "@keyward/core";
import { createRedisStore, type RedisStoreOptions } from "../base";
import { createRedisBus, type RedisBusOptions, type SubscriberLink } from "../bus";

/**
 * The one method the store needs from a node-redis client: send a raw command, get the raw reply.
 * node-redis 5 and 6 clients (`createClient()`) have it; raw commands keep the store independent of
 * the helper signatures that change between majors.
 */
export interface RedisCommandClient {
  sendCommand(args: readonly string[]): Promise<unknown>;
}

// An ioredis client has a `sendCommand` too, but it takes a `Command` object: name the right import
// instead of failing later on the first command.
const looksLikeIoredis = (client: object): boolean =>
  typeof (client as { call?: unknown }).call === "function" &&
  typeof (client as { status?: unknown }).status === "string";

/**
 * A keyward store on Redis through a connected node-redis 5 or 6 client you create and own (the
 * store never closes it). Needs a single Redis node or a primary/replica set, not Redis Cluster.
 *
 * Create the client with `disableOfflineQueue: true` so commands fail at once while the server is
 * away, instead of queueing until `storeTimeoutMs` runs out.
 *
 * @param client - a connected node-redis client
 * @param options - `prefix`, `warn`
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createKeyward } from "@keyward/core";
 * import { redisStore } from "@keyward/redis/node-redis";
 *
 * const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const store = redisStore(client);
 * await store.migrate(); // warns once if the server's appendonly is off
 * const keyward = createKeyward({ store });
 * ```
 */
export function redisStore(client: RedisCommandClient, options: RedisStoreOptions = {}): KeywardStore {
  if (typeof client !== "object" || client === null || typeof client.sendCommand !== "function") {
    throw new KeywardError("INVALID_ARGUMENT", "redisStore: pass a node-redis client (createClient(...))");
  }
  if (looksLikeIoredis(client)) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      'redisStore: this is an ioredis client; import { redisStore } from "@keyward/redis/ioredis"',
    );
  }
  return createRedisStore({ send: (args) => client.sendCommand(args) }, options, "redisStore");
}

type Listener = (message: string, channel: string) => unknown;

/** What the bus needs from the node-redis client it listens on (`createClient()` or `duplicate()`). */
export interface RedisSubscriberClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: Listener): Promise<unknown>;
  unsubscribe(channel: string, listener: Listener): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** The node-redis client a bus publishes with; `duplicate()` opens its listening connection. */
export interface RedisBusClient extends RedisCommandClient {
  duplicate?(): RedisSubscriberClient;
}

const ignore = () => {};

function listenOn(subscriber: RedisSubscriberClient, owned: boolean, channel: string): SubscriberLink {
  // Unhandled, node-redis throws an `error` event; the bus hears errors through `watch`.
  if (owned) subscriber.on("error", ignore);
  let deliver: (text: string) => void = ignore;
  const listener: Listener = (message) => deliver(message);
  return {
    ready: () => subscriber.isReady,
    start: () => {
      if (owned) subscriber.connect().catch(ignore);
    },
    subscribe(onText) {
      deliver = onText;
      // Once the listener is registered this sends nothing and resolves at once: node-redis then
      // resubscribes by itself before every `ready` (it emits `ready` after the server confirmed).
      return subscriber.subscribe(channel, listener);
    },
    watch(down, up) {
      const onError = (error: unknown) => down(error);
      const onDown = () => down();
      subscriber.on("error", onError);
      subscriber.on("end", onDown);
      subscriber.on("reconnecting", onDown);
      subscriber.on("ready", up);
      return () => {
        subscriber.off("error", onError);
        subscriber.off("end", onDown);
        subscriber.off("reconnecting", onDown);
        subscriber.off("ready", up);
      };
    },
    async stop() {
      if (owned) {
        if (subscriber.isReady) await subscriber.close().catch(() => subscriber.destroy());
        else if (subscriber.isOpen) subscriber.destroy();
        return;
      }
      // Offline, node-redis sends it once reconnected; nothing is delivered meanwhile (`deliver` is off).
      const unsubscribed = subscriber.unsubscribe(channel, listener).catch(ignore);
      if (subscriber.isReady) await unsubscribed;
    },
  };
}

/**
 * An invalidation bus on Redis pub/sub through node-redis 5 or 6, for `createKeyward({ cache: { bus } })`:
 * instances on one store tell each other what changed, so a key revoked through one is refused by all
 * at once. It publishes with `client` and listens on a connection of its own (under RESP2 a subscribed
 * connection takes no other command): `client.duplicate()`, opened and closed by the bus, or
 * `options.subscriber`.
 *
 * While that connection is down, reconnecting, or not yet confirmed as subscribed, the bus reports
 * itself down and the cache is not used (every authentication reads the store).
 *
 * @param client - the connected node-redis client the store uses
 * @param options - `prefix` (the store's), `channel`, `subscriber`, `onError`
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createKeyward } from "@keyward/core";
 * import { redisBus, redisStore } from "@keyward/redis/node-redis";
 *
 * const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const keyward = createKeyward({
 *   store: redisStore(client),
 *   cache: { ttlMs: 60_000, maxEntries: 10_000, bus: redisBus(client) },
 * });
 * ```
 */
export function redisBus(
  client: RedisBusClient,
  options: RedisBusOptions<RedisSubscriberClient> = {},
): InvalidationBus {
  const fail = (message: string): never => {
    throw new KeywardError("INVALID_ARGUMENT", `redisBus: ${message}`);
  };
  if (typeof client !== "object" || client === null || typeof client.sendCommand !== "function") {
    fail("pass a node-redis client (createClient(...))");
  }
  if (looksLikeIoredis(client))
    fail('this is an ioredis client; import { redisBus } from "@keyward/redis/ioredis"');
  const { subscriber } = options;
  if (subscriber === undefined && typeof client.duplicate !== "function") {
    fail("the client has no duplicate(); pass options.subscriber");
  }
  if (subscriber !== undefined) {
    if (typeof subscriber !== "object" || subscriber === null || typeof subscriber.subscribe !== "function") {
      fail("options.subscriber must be a node-redis client");
    }
    if ((subscriber as object) === client)
      fail("options.subscriber must be a connection of its own, not the client");
  }
  return createRedisBus(
    {
      caller: "redisBus",
      publish: (channel, text) => client.sendCommand(["PUBLISH", channel, text]),
      link(channel) {
        if (subscriber === undefined) return listenOn(client.duplicate!(), true, channel);
        if (!subscriber.isOpen) fail("options.subscriber is not connected; connect() it first");
        return listenOn(subscriber, false, channel);
      },
    },
    options,
  );
}

export type { RedisStoreOptions } from "../base";
export type { RedisBusOptions } from "../bus";
