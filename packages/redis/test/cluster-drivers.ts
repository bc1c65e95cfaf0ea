import { Cluster } from "ioredis";
import { createCluster } from "redis";
import {
  type IoredisSubscriber,
  redisBus as ioredisBus,
  redisStore as ioredisStore,
} from "../src/drivers/ioredis";
import {
  redisBus as nodeRedisBus,
  redisStore as nodeRedisStore,
  type RedisClusterCommandClient,
  type RedisSubscriberClient,
} from "../src/drivers/node-redis";
import { firstKeyOf } from "../src/routing";
import { type ClientSetup, rawOf, rememberRaw, scanNode, type TestClient, type TestDriver } from "./drivers";
import type { ClusterNode } from "./redis-cluster";

const noUrl = (): never => {
  throw new Error("a cluster test driver connects to its cluster's nodes, not to a URL");
};

function nodeRedisCluster(nodes: readonly ClusterNode[], setup: ClientSetup) {
  const cluster = createCluster({
    rootNodes: nodes.map(({ host, port }) => ({ socket: { host, port } })),
    defaults: {
      socket: {
        // Discovering a cluster opens a connection per node: on a loaded machine 500 ms is too tight.
        connectTimeout: 2000,
        ...(setup.reconnect === undefined ? {} : { reconnectStrategy: setup.reconnect ? () => 50 : false }),
      },
      ...(setup.options === "defaults" ? {} : { disableOfflineQueue: true }),
    },
    ...setup.extra,
  });
  // Unhandled, an `error` event (a failed rediscovery) would crash the test process.
  cluster.on("error", () => {});
  const wrapped: TestClient = {
    command: (args) => cluster.sendCommand(firstKeyOf(args), false, [...args]),
    async *scan(match) {
      for (const master of cluster.masters) {
        const node = await cluster.nodeClient(master);
        yield* scanNode((args) => node.sendCommand(args), match);
      }
    },
    store: ({ onCommand, ...options } = {}) => {
      if (onCommand === undefined) return nodeRedisStore(cluster, options);
      const recorded: RedisClusterCommandClient = {
        sendCommand: (firstKey, isReadonly, args) => {
          onCommand(String(args[0]));
          return cluster.sendCommand(firstKey, isReadonly, args);
        },
        get masters() {
          return cluster.masters;
        },
        get replicas() {
          return cluster.replicas;
        },
        nodeClient: (node) => cluster.nodeClient(node as (typeof cluster.masters)[number]),
      };
      return nodeRedisStore(recorded, options);
    },
    bus: ({ subscriber, ...options } = {}) => {
      const raw = rawOf<RedisSubscriberClient>(subscriber);
      return nodeRedisBus(cluster, raw === undefined ? options : { ...options, subscriber: raw });
    },
    ready: () => cluster.isOpen,
    whenReady: async () => {},
    kill: () => {
      if (cluster.isOpen) cluster.destroy();
    },
    close: async () => {
      if (cluster.isOpen) await cluster.close().catch(() => cluster.destroy());
    },
  };
  rememberRaw(wrapped, cluster);
  return { cluster, wrapped };
}

function ioredisCluster(nodes: readonly ClusterNode[], setup: ClientSetup) {
  const recommended = setup.options !== "defaults";
  const cluster = new Cluster(
    nodes.map(({ host, port }) => ({ host, port })),
    {
      lazyConnect: true,
      ...(recommended ? { enableOfflineQueue: false } : {}),
      redisOptions: {
        connectTimeout: 2000,
        ...(recommended ? { maxRetriesPerRequest: 0 } : {}),
        ...setup.extra,
      },
    },
  );
  cluster.on("error", () => {});
  const wrapped: TestClient = {
    command: (args) => cluster.call(args[0] as string, args.slice(1)),
    async *scan(match) {
      for (const node of cluster.nodes("master")) {
        yield* scanNode((args) => node.call(args[0] as string, args.slice(1)), match);
      }
    },
    store: ({ onCommand, ...options } = {}) => {
      if (onCommand === undefined) return ioredisStore(cluster, options);
      return ioredisStore(
        {
          isCluster: true,
          call: (name, args) => {
            onCommand(name);
            return cluster.call(name, args);
          },
          nodes: () => cluster.nodes("all"),
        },
        options,
      );
    },
    bus: ({ subscriber, ...options } = {}) => {
      const raw = rawOf<IoredisSubscriber>(subscriber);
      return ioredisBus(cluster, raw === undefined ? options : { ...options, subscriber: raw });
    },
    ready: () => cluster.status === "ready",
    whenReady: async () => {},
    kill: () => cluster.disconnect(),
    close: async () => {
      if (cluster.status === "ready") await cluster.quit().catch(() => cluster.disconnect());
      else cluster.disconnect();
    },
  };
  rememberRaw(wrapped, cluster);
  return { cluster, wrapped };
}

/**
 * Both libraries' Redis Cluster clients as test drivers, on the nodes of one cluster. `connect()`
 * takes no URL: the clients discover the cluster from its nodes.
 * @param nodes - the cluster's nodes
 */
export function clusterDrivers(nodes: readonly ClusterNode[]): readonly TestDriver[] {
  return [
    {
      name: "node-redis cluster",
      connect: async (url, setup = {}) => {
        if (url !== undefined) noUrl();
        const { cluster, wrapped } = nodeRedisCluster(nodes, setup);
        await cluster.connect();
        return wrapped;
      },
      unconnected: noUrl,
    },
    {
      name: "ioredis cluster",
      connect: async (url, setup = {}) => {
        if (url !== undefined) noUrl();
        const { cluster, wrapped } = ioredisCluster(nodes, setup);
        await cluster.connect();
        return wrapped;
      },
      unconnected: noUrl,
    },
  ];
}
