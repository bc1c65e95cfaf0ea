import { createHash } from "node:crypto";
import { createKeyward, type Keyward, type KeywardStore } from "@keyward/core";
import { redisStore as ioredisStore } from "@keyward/redis/ioredis";
import { redisStore as nodeRedisStore } from "@keyward/redis/node-redis";
import { Cluster, Redis } from "ioredis";
import { createClient, createCluster } from "redis";
import { benchKey } from "../stores-server/stats";

/** A node of the cluster, as both clients' root nodes take it. */
export interface Node {
  readonly host: string;
  readonly port: number;
}

/** The two client libraries, each through its Redis Cluster client. */
export type Library = "node-redis" | "ioredis";

/** One connected client with a store and a keyward over it, plus raw commands for the baselines. */
export interface Connected {
  readonly store: KeywardStore;
  readonly keyward: Keyward;
  /** Sends a raw command, routed by the cluster client (by its first key). */
  send(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The hash keyward stores for a key (SHA-256, no pepper), hex.
 * @param key - the plaintext key
 */
export const hashOf = (key: string): string => createHash("sha256").update(key).digest("hex");

/**
 * A cluster client of `library` with the README's recommended options, and keyward on it.
 * @param library - which client library
 * @param nodes - the cluster's nodes
 * @param prefix - the store's prefix
 */
export async function connectCluster(
  library: Library,
  nodes: readonly Node[],
  prefix: string,
): Promise<Connected> {
  if (library === "node-redis") {
    const cluster = createCluster({
      rootNodes: nodes.map(({ host, port }) => ({ socket: { host, port } })),
      defaults: { disableOfflineQueue: true, socket: { connectTimeout: 2000 } },
    });
    cluster.on("error", () => {});
    await cluster.connect();
    const store = nodeRedisStore(cluster, { prefix, warn: () => {} });
    return {
      store,
      keyward: createKeyward({ store }),
      send: (args) => cluster.sendCommand(args[args[0] === "EVALSHA" ? 3 : 1], false, args),
      close: () => cluster.close(),
    };
  }
  const cluster = new Cluster(
    nodes.map(({ host, port }) => ({ host, port })),
    {
      lazyConnect: true,
      enableOfflineQueue: false,
      redisOptions: { maxRetriesPerRequest: 0, connectTimeout: 2000 },
    },
  );
  cluster.on("error", () => {});
  await cluster.connect();
  const store = ioredisStore(cluster, { prefix, warn: () => {} });
  return {
    store,
    keyward: createKeyward({ store }),
    send: (args) => cluster.call(args[0] as string, args.slice(1)),
    close: async () => {
      await cluster.quit().catch(() => cluster.disconnect());
    },
  };
}

/**
 * A client of one node (the master serving the store's slot) of `library`, with keyward on it: the
 * same server and data, without the cluster client's routing.
 * @param library - which client library
 * @param node - the master
 * @param prefix - the store's prefix
 */
export async function connectNode(library: Library, node: Node, prefix: string): Promise<Connected> {
  if (library === "node-redis") {
    const client = createClient({ socket: { host: node.host, port: node.port }, disableOfflineQueue: true });
    client.on("error", () => {});
    await client.connect();
    const store = nodeRedisStore(client, { prefix, warn: () => {} });
    return {
      store,
      keyward: createKeyward({ store }),
      send: (args) => client.sendCommand(args),
      close: () => client.close(),
    };
  }
  const client = new Redis(node.port, node.host, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  client.on("error", () => {});
  await client.connect();
  const store = ioredisStore(client, { prefix, warn: () => {} });
  return {
    store,
    keyward: createKeyward({ store }),
    send: (args) => client.call(args[0] as string, args.slice(1)),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/**
 * Stores `half` super-role app keys and `half` user keys (owner `alice`, role `editor`) through the
 * store itself, many inserts in flight. `lastUsedAt` lies in the future, so the once-a-minute usage
 * write stays out of the measured read path.
 * @param keyward - keyward over the store
 * @param store - the store
 * @param half - keys of each kind
 */
export async function loadKeys(keyward: Keyward, store: KeywardStore, half: number): Promise<void> {
  await store.migrate();
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const later = new Date(Date.now() + 86_400_000);
  const records = (["API-", "USR-"] as const).flatMap((keyPrefix) =>
    Array.from({ length: half }, (_, i) => {
      const key = benchKey(keyPrefix, i + 1);
      const app = keyPrefix === "API-";
      return {
        id: `${app ? "app" : "user"}-${i + 1}`,
        kind: app ? ("app" as const) : ("user" as const),
        hash: hashOf(key),
        start: key.slice(0, 12),
        userId: app ? null : "alice",
        role: app ? "admin" : null,
        name: null,
        permissions: null,
        expiresAt: null,
        createdAt: new Date(),
        lastUsedAt: later,
        revokedAt: null,
      };
    }),
  );
  for (let from = 0; from < records.length; from += 500) {
    await Promise.all(records.slice(from, from + 500).map((record) => store.insertKey(record)));
  }
}
