/**
 * One app process of redis-bus.bench.ts: a plain node:http server that authenticates `x-api-key` with
 * keyward (Redis store, verified-key cache, Redis invalidation bus), driven by its parent over IPC.
 * Not a benchmark itself (the runner only picks up `*.bench.ts`).
 *
 * It records, per key id (`x-key-id`, set by the load generator), when each request arrived, whether
 * it was accepted, and when its bus delivered that key's invalidation: a request that arrived after
 * the delivery and was accepted anyway is a stale acceptance.
 *
 * Env: REDIS_URL, PREFIX, TTL_MS, BUS_DRIVER (node-redis | ioredis), SUBSCRIBER_NAME (the listening
 * connection's name, so the parent can CLIENT KILL it; it never reconnects).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createKeyward, type InvalidationBus, type KeywardStore } from "@keyward/core";
import * as ioredisDriver from "@keyward/redis/ioredis";
import * as nodeRedisDriver from "@keyward/redis/node-redis";
import { Redis } from "ioredis";
import { createClient } from "redis";

const now = () => performance.timeOrigin + performance.now();
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`redis-bus-app: ${name} is not set`);
  return value;
};
const send = (message: object) => process.send?.(message);

const url = env("REDIS_URL");
const prefix = env("PREFIX");
const subscriberName = env("SUBSCRIBER_NAME");

async function connect(): Promise<{ store: KeywardStore; bus: InvalidationBus; close(): Promise<void> }> {
  if (env("BUS_DRIVER") === "ioredis") {
    const options = { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true } as const;
    const client = new Redis(url, options);
    // The listening connection never comes back once killed: the cache then stays off for good.
    const subscriber = new Redis(url, {
      ...options,
      connectionName: subscriberName,
      retryStrategy: () => null,
    });
    for (const c of [client, subscriber]) c.on("error", () => {});
    await Promise.all([client.connect(), subscriber.connect()]);
    return {
      store: ioredisDriver.redisStore(client, { prefix }),
      bus: ioredisDriver.redisBus(client, { prefix, subscriber }),
      close: async () => {
        subscriber.disconnect();
        await client.quit();
      },
    };
  }
  const client = createClient({ url, disableOfflineQueue: true });
  const subscriber = createClient({ url, name: subscriberName, socket: { reconnectStrategy: false } });
  for (const c of [client, subscriber]) c.on("error", () => {});
  await Promise.all([client.connect(), subscriber.connect()]);
  return {
    store: nodeRedisDriver.redisStore(client, { prefix }),
    bus: nodeRedisDriver.redisBus(client, { prefix, subscriber }),
    close: async () => {
      if (subscriber.isOpen) subscriber.destroy();
      await client.close();
    },
  };
}

interface KeyRecord {
  deliveredAt?: number;
  requests: number;
  accepted: number;
  firstRefusalAt?: number;
  lastAcceptArrivedAt?: number;
  /** Requests that arrived after the bus delivered this key's invalidation. */
  afterDelivery: number;
  staleAcceptances: number;
}

const records = new Map<string, KeyRecord>();
const recordOf = (id: string): KeyRecord => {
  let record = records.get(id);
  if (record === undefined) {
    record = { requests: 0, accepted: 0, afterDelivery: 0, staleAcceptances: 0 };
    records.set(id, record);
  }
  return record;
};

const redis = await connect();
let lookups = 0;
const store: KeywardStore = {
  ...redis.store,
  lookupKey: (hash) => {
    lookups++;
    return redis.store.lookupKey!(hash);
  },
};
let dropPublishes = false;
// The cache sees each message first; then its delivery time is noted (and told to the parent).
const bus: InvalidationBus = {
  publish: (message) =>
    dropPublishes ? Promise.reject(new Error("publish dropped (bench)")) : redis.bus.publish(message),
  subscribe: (onMessage, onStatus) =>
    redis.bus.subscribe(
      (message) => {
        onMessage(message);
        if (message.type !== "key") return;
        const at = now();
        recordOf(message.keyId).deliveredAt ??= at;
        send({ type: "delivered", keyId: message.keyId, at });
      },
      (connected) => {
        onStatus(connected);
        send({ type: "status", connected, at: now() });
      },
    ),
};
const keyward = createKeyward({
  store,
  cache: { ttlMs: Number(env("TTL_MS")), maxEntries: 10_000, bus },
  onCacheError: () => {},
});

const server = createServer((request, response) => {
  const arrivedAt = now();
  const key = request.headers["x-api-key"];
  const record = recordOf(String(request.headers["x-key-id"]));
  const before = lookups;
  keyward.authenticate(typeof key === "string" ? key : null).then(
    (result) => {
      record.requests++;
      const late = record.deliveredAt !== undefined && arrivedAt > record.deliveredAt;
      if (late) record.afterDelivery++;
      if (result.ok) {
        record.accepted++;
        record.lastAcceptArrivedAt = arrivedAt;
        if (late) record.staleAcceptances++;
      } else record.firstRefusalAt ??= now();
      // Another request's read may land in between (then "miss"); a read of this one never says "hit".
      response.writeHead(result.ok ? 200 : 401, { "x-cache": lookups === before ? "hit" : "miss" });
      response.end();
    },
    () => {
      response.writeHead(503);
      response.end();
    },
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () =>
  send({ type: "listening", port: (server.address() as AddressInfo).port }),
);

type Command =
  | { cmd: "seed" | "create" | "lookups" | "close" }
  | { cmd: "revoke" | "refresh" | "stats"; id: string }
  | { cmd: "drop-publishes"; on: boolean };

async function run(command: Command): Promise<object> {
  switch (command.cmd) {
    case "seed":
      await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
      await keyward.users.save({ id: "alice", role: "editor", active: true });
      return {};
    case "create": {
      const { key, record } = await keyward.keys.create({ userId: "alice" });
      return { key, id: record.id };
    }
    case "revoke":
      await keyward.keys.revoke(command.id);
      return { returnedAt: now() };
    case "refresh": {
      const { key } = await keyward.keys.refresh(command.id);
      return { key, returnedAt: now() };
    }
    case "stats":
      return recordOf(command.id);
    case "lookups":
      return { lookups };
    case "drop-publishes":
      dropPublishes = command.on;
      return {};
    case "close":
      server.closeAllConnections();
      server.close();
      await keyward.close();
      await redis.close();
      return {};
  }
}

process.on("message", (message: Command & { seq: number }) => {
  run(message).then(
    (reply) => {
      send({ type: "reply", seq: message.seq, ...reply });
      if (message.cmd === "close") process.disconnect();
    },
    (error: unknown) => send({ type: "reply", seq: message.seq, error: String(error) }),
  );
});
