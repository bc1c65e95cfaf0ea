import { type InvalidationBus, KeywardError, type KeywardStore } from "@keyward/core";
import { createRedisStore, type RedisStoreOptions } from "../base";
import { createRedisBus, type RedisBusOptions, type SubscriberLink } from "../bus";
import type { RedisConnection } from "../connection";
import { firstKeyOf } from "../routing";

/**
 * The one method the store needs from a node-redis client: send a raw command, get the raw reply.
 * node-redis 5 and 6 clients (`createClient()`) have it; raw commands keep the store independent of
 * the helper signatures that change between majors.
 */
export interface RedisCommandClient {
  sendCommand(args: readonly string[]): Promise<unknown>;
}

/**
 * What the store needs from a node-redis Redis Cluster client (`createCluster()`): `sendCommand`
 * routed by a key, and the nodes, to read each one's persistence setting in `migrate()`.
 */
export interface RedisClusterCommandClient {
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: string[],
  ): Promise<unknown>;
  readonly masters: readonly object[];
  readonly replicas: readonly object[];
  nodeClient(node: object): Promise<RedisCommandClient>;
}

const isCluster = (client: object): client is RedisClusterCommandClient =>
  Array.isArray((client as { masters?: unknown }).masters) &&
  typeof (client as { nodeClient?: unknown }).nodeClient === "function";

/**
 * A cluster client as the store's connection. Every command goes to a master (`isReadonly` false,
 * even with `useReplicas`): a replica may not have applied a revocation yet.
 */
function clusterConnection(cluster: RedisClusterCommandClient): RedisConnection {
  return {
    // node-redis types the arguments as a mutable array; it does not change them.
    send: (args) => cluster.sendCommand(firstKeyOf(args), false, args as string[]),
    sendToEveryNode: (args) =>
      Promise.allSettled(
        [...cluster.masters, ...cluster.replicas].map(async (node) =>
          (await cluster.nodeClient(node)).sendCommand(args),
        ),
      ),
  };
}

// An ioredis client has a `sendCommand` too, but it takes a `Command` object: name the right import
// instead of failing later on the first command.
const looksLikeIoredis = (client: object): boolean =>
  typeof (client as { call?: unknown }).call === "function" &&
  typeof (client as { status?: unknown }).status === "string";

/**
 * A keyward store on Redis through a connected node-redis 5 or 6 client you create and own (the
 * store never closes it): `createClient()` for one node (or a primary with replicas), or
 * `createCluster()` for Redis Cluster. Every key of the store shares one hash tag, so a cluster
 * serves it from one slot.
 *
 * Create the client with `disableOfflineQueue: true` (for a cluster, in `defaults`) so commands fail
 * at once while the server is away, instead of queueing until `storeTimeoutMs` runs out.
 *
 * @param client - a connected node-redis client or cluster client
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
export function redisStore(
  client: RedisCommandClient | RedisClusterCommandClient,
  options: RedisStoreOptions = {},
): KeywardStore {
  if (typeof client !== "object" || client === null || typeof client.sendCommand !== "function") {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      "redisStore: pass a node-redis client (createClient(...) or createCluster(...))",
    );
  }
  if (looksLikeIoredis(client)) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      'redisStore: this is an ioredis client; import { redisStore } from "@keyward/redis/ioredis"',
    );
  }
  const connection = isCluster(client)
    ? clusterConnection(client)
    : { send: (args: readonly string[]) => (client as RedisCommandClient).sendCommand(args) };
  return createRedisStore(connection, options, "redisStore");
}

/** A pub/sub message listener of node-redis. */
export type Listener = (message: string, channel: string) => unknown;

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
 * On Redis Cluster (`client` from `createCluster()`), pass `options.subscriber`: a client of one node
 * of the cluster (`createClient()`), connected. Redis Cluster forwards every `PUBLISH` to every node,
 * so one node hears all messages; while that node is down the bus reports itself down.
 *
 * @param client - the connected node-redis client (or cluster client) the store uses
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
  client: RedisBusClient | RedisClusterCommandClient,
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
  const cluster = isCluster(client);
  if (subscriber === undefined && cluster) {
    fail("on Redis Cluster pass options.subscriber: a connected client of one node (createClient(...))");
  }
  const single = client as RedisBusClient;
  if (subscriber === undefined && typeof single.duplicate !== "function") {
    fail("the client has no duplicate(); pass options.subscriber");
  }
  if (subscriber !== undefined) {
    if (typeof subscriber !== "object" || subscriber === null || typeof subscriber.subscribe !== "function") {
      fail("options.subscriber must be a node-redis client");
    }
    if ((subscriber as object) === client)
      fail("options.subscriber must be a connection of its own, not the client");
    // A cluster client has no single connection whose life the bus could follow.
    if (isCluster(subscriber)) fail("options.subscriber must be a client of one node, not a cluster client");
  }
  const publish = cluster
    ? (channel: string, text: string) => client.sendCommand(undefined, false, ["PUBLISH", channel, text])
    : (channel: string, text: string) => single.sendCommand(["PUBLISH", channel, text]);
  return createRedisBus(
    {
      caller: "redisBus",
      publish,
      link(channel) {
        if (subscriber === undefined) return listenOn(single.duplicate!(), true, channel);
        if (!subscriber.isOpen) fail("options.subscriber is not connected; connect() it first");
        return listenOn(subscriber, false, channel);
      },
    },
    options,
  );
}

export type { RedisStoreOptions } from "../base";
export type { RedisBusOptions } from "../bus";
