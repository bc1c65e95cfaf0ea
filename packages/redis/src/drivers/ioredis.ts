import { type InvalidationBus, KeywardError, type KeywardStore } from "@keyward/core";
import { createRedisStore, type RedisStoreOptions } from "../base";
import { createRedisBus, type RedisBusOptions, type SubscriberLink } from "../bus";
import type { RedisConnection } from "../connection";

/**
 * What the store needs from an ioredis 5 or 6 client, `new Redis(...)` or `new Cluster(...)`:
 * `call`, which sends any command by name, its arguments as one array (a `Cluster` routes it by its
 * first key). `options` and `isCluster` are read once, to refuse setups the store cannot serve, and
 * a cluster's `nodes()` to read each node's persistence setting in `migrate()`.
 */
export interface IoredisClient {
  call(command: string, args: string[]): Promise<unknown>;
  readonly options?: { readonly keyPrefix?: string | undefined; readonly scaleReads?: unknown };
  readonly isCluster?: boolean;
  nodes?(role?: "all"): { call(command: string, args: string[]): Promise<unknown> }[];
}

const fail = (message: string): never => {
  throw new KeywardError("INVALID_ARGUMENT", `redisStore (ioredis): ${message}`);
};

/**
 * A keyward store on Redis through an ioredis 5 or 6 client you create and own (the store never
 * closes it): `new Redis()` for one node (or a primary with replicas), or `new Cluster()` for Redis
 * Cluster. Same data layout, scripts and behaviour as the node-redis driver, so the two can share a
 * server. Every key of the store shares one hash tag, so a cluster serves it from one slot.
 *
 * ioredis queues commands while disconnected and retries them after a reconnect by default: an
 * outage then surfaces only when `storeTimeoutMs` runs out, and a write keyward already answered
 * 503 for may still land later. Create the client with `enableOfflineQueue: false` and
 * `maxRetriesPerRequest: 0` so commands fail at once instead (a `Cluster`: `enableOfflineQueue:
 * false` and the latter in `redisOptions`). A `Cluster` must read from masters (`scaleReads`
 * `"master"`, its default): a replica may not have applied a revocation yet.
 *
 * @param client - an ioredis client or cluster (connected, or connecting)
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
  // One prefix names the keys and decides their hash tag: the store's, so that the names migrate()
  // looks for and the slot every script runs in are the store's to know.
  if (client.options?.keyPrefix) {
    fail("the client's keyPrefix is not supported; pass the store's `prefix` option instead");
  }
  const cluster = client.isCluster === true;
  // With scaleReads, plain reads (the id index, a record) could be answered by a replica that has
  // not applied a refresh or a revocation yet.
  const scaleReads = client.options?.scaleReads;
  if (cluster && scaleReads !== undefined && scaleReads !== "master") {
    fail('a Cluster with scaleReads is not supported; the store reads from masters ("master", the default)');
  }
  // The array form of `call`: ioredis flattens it anyway, and it skips spreading every argument
  // twice on the authentication path.
  const connection: RedisConnection = { send: (args) => client.call(args[0] as string, args.slice(1)) };
  if (cluster && typeof client.nodes === "function") {
    const nodes = client.nodes.bind(client);
    connection.sendToEveryNode = (args) =>
      Promise.allSettled(nodes("all").map((node) => node.call(args[0] as string, args.slice(1))));
  }
  return createRedisStore(connection, options, "redisStore (ioredis)");
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
 * On Redis Cluster (`client` a `Cluster`), pass `options.subscriber`: a client of one node of the
 * cluster (`new Redis(...)`), connected. Redis Cluster forwards every `PUBLISH` to every node, so
 * one node hears all messages; while that node is down the bus reports itself down.
 *
 * @param client - the ioredis client (or Cluster) the store uses
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
  if (subscriber === undefined && client.isCluster === true) {
    fail("on Redis Cluster pass options.subscriber: a connected client of one node (new Redis(...))");
  }
  if (subscriber === undefined && typeof client.duplicate !== "function") {
    fail("the client has no duplicate(); pass options.subscriber");
  }
  if (subscriber !== undefined) {
    if (typeof subscriber !== "object" || subscriber === null || typeof subscriber.subscribe !== "function") {
      fail("options.subscriber must be an ioredis client");
    }
    if ((subscriber as object) === client)
      fail("options.subscriber must be a connection of its own, not the client");
    // A Cluster has no single connection whose life the bus could follow.
    if ((subscriber as { isCluster?: unknown }).isCluster === true) {
      fail("options.subscriber must be a client of one node, not a Cluster");
    }
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
