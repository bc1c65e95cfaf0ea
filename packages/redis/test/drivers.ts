import { once } from "node:events";
import type { InvalidationBus, KeywardStore } from "@keyward/core";
import { Redis } from "ioredis";
import { createClient } from "redis";
import type { RedisStoreOptions } from "../src/base";
import type { RedisBusOptions } from "../src/bus";
import {
  type IoredisSubscriber,
  redisBus as ioredisBus,
  redisStore as ioredisStore,
} from "../src/drivers/ioredis";
import {
  redisBus as nodeRedisBus,
  redisStore as nodeRedisStore,
  type RedisSubscriberClient,
} from "../src/drivers/node-redis";

/** The server the tests use; unset means "skip, and say why". */
export const REDIS_URL = process.env.KEYWARD_TEST_REDIS_URL;
/** The reason shown when the tests are skipped. */
export const SKIP_REASON = REDIS_URL ? undefined : "KEYWARD_TEST_REDIS_URL is not set";
const DEFAULT_URL = REDIS_URL ?? "redis://127.0.0.1:6379";

/** Which client options a test client gets. */
export interface ClientSetup {
  /** `"recommended"` (the README's options: fail at once while disconnected) or the client's defaults (queueing). */
  readonly options?: "recommended" | "defaults";
  /** Extra options for the client constructor, e.g. the RESP version. */
  readonly extra?: Record<string, unknown>;
  /** The connection's name (CLIENT SETNAME), inherited by its duplicates: how a test finds them. */
  readonly name?: string;
  /** `true`: reconnect every 50 ms (outage tests stay short); `false`: never. Default: the client's own. */
  readonly reconnect?: boolean;
}

/** `redisBus` options as a test gives them: the subscriber is another test client. */
export interface TestBusOptions extends Omit<RedisBusOptions<unknown>, "subscriber"> {
  readonly subscriber?: TestClient;
}

/** A client of either driver, seen the same way by the tests. */
export interface TestClient {
  /** Sends a raw command through the client (a cluster client routes it by its first key). */
  command(args: readonly string[]): Promise<unknown>;
  /** Every key matching a SCAN pattern, a page at a time (on a cluster, from every master). */
  scan(match: string): AsyncGenerator<string[]>;
  /**
   * The driver's `redisStore` over this client.
   * @param options - store options; `onCommand` sees every command name the store sends (names
   *   only: arguments can hold key hashes)
   */
  store(options?: RedisStoreOptions & { onCommand?: (name: string) => void }): KeywardStore;
  /** The driver's `redisBus` over this client (publishing), listening on `options.subscriber` or a duplicate. */
  bus(options?: TestBusOptions): InvalidationBus;
  /** Whether the client is connected and ready for commands. */
  ready(): boolean;
  /** Resolves once the client is ready (again), on its own reconnection event, not a timer. */
  whenReady(): Promise<void>;
  /** Drops the connection at once, without waiting for anything. */
  kill(): void;
  /** Closes the client, gracefully when it is connected. */
  close(): Promise<void>;
}

/** One Redis client library the store supports. */
export interface TestDriver {
  /** The library, and "cluster" for a Redis Cluster client. */
  readonly name: "node-redis" | "ioredis" | "node-redis cluster" | "ioredis cluster";
  /** A connected client. */
  connect(url?: string, setup?: ClientSetup): Promise<TestClient>;
  /** A client that was never connected to `url` (nothing listens there). */
  unconnected(url: string, setup?: ClientSetup): TestClient;
}

// The raw client behind each test client, for buses given another test client as subscriber.
const rawClients = new WeakMap<TestClient, unknown>();
export const rawOf = <T>(client: TestClient | undefined): T | undefined =>
  client === undefined ? undefined : (rawClients.get(client) as T);

/**
 * Remembers the raw client behind a test client, for buses given it as their subscriber.
 * @param wrapped - the test client
 * @param raw - the library's client
 */
export function rememberRaw(wrapped: TestClient, raw: unknown): void {
  rawClients.set(wrapped, raw);
}

/**
 * SCAN through one node, a page at a time.
 * @param send - sends a command to that node
 * @param match - the pattern
 */
export async function* scanNode(
  send: (args: string[]) => Promise<unknown>,
  match: string,
): AsyncGenerator<string[]> {
  let cursor = "0";
  do {
    const [next, keys] = (await send(["SCAN", cursor, "MATCH", match, "COUNT", "1000"])) as [
      string,
      string[],
    ];
    cursor = String(next);
    if (keys.length > 0) yield keys;
  } while (cursor !== "0");
}

function nodeRedis(url: string, setup: ClientSetup) {
  const client = createClient({
    url,
    socket: {
      connectTimeout: 500,
      ...(setup.reconnect === undefined ? {} : { reconnectStrategy: setup.reconnect ? () => 50 : false }),
    },
    ...(setup.options === "defaults" ? {} : { disableOfflineQueue: true }),
    ...(setup.name === undefined ? {} : { name: setup.name }),
    ...setup.extra,
  });
  // node-redis emits connection errors as events; unhandled, they would crash the test process.
  client.on("error", () => {});
  const wrapped: TestClient = {
    command: (args) => client.sendCommand(args),
    scan: (match) => scanNode((args) => client.sendCommand(args), match),
    store: ({ onCommand, ...options } = {}) =>
      nodeRedisStore(
        onCommand === undefined
          ? client
          : {
              sendCommand: (args: readonly string[]) => {
                onCommand(String(args[0]));
                return client.sendCommand(args);
              },
            },
        options,
      ),
    bus: ({ subscriber, ...options } = {}) => {
      const raw = rawOf<RedisSubscriberClient>(subscriber);
      return nodeRedisBus(client, raw === undefined ? options : { ...options, subscriber: raw });
    },
    ready: () => client.isReady,
    whenReady: async () => {
      if (!client.isReady) await once(client, "ready");
    },
    kill: () => {
      if (client.isOpen) client.destroy();
    },
    close: async () => {
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
  rawClients.set(wrapped, client);
  return { client, wrapped };
}

function ioredis(url: string, setup: ClientSetup) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 500,
    ...(setup.reconnect === undefined ? {} : { retryStrategy: () => (setup.reconnect ? 50 : null) }),
    ...(setup.options === "defaults" ? {} : { enableOfflineQueue: false, maxRetriesPerRequest: 0 }),
    ...(setup.name === undefined ? {} : { connectionName: setup.name }),
    ...setup.extra,
  });
  // Without a listener ioredis prints every connection error; the tests provoke them on purpose.
  client.on("error", () => {});
  const wrapped: TestClient = {
    command: (args) => client.call(args[0] as string, args.slice(1)),
    scan: (match) => scanNode((args) => client.call(args[0] as string, args.slice(1)), match),
    store: ({ onCommand, ...options } = {}) =>
      ioredisStore(
        onCommand === undefined
          ? client
          : {
              call: (name, args) => {
                onCommand(name);
                return client.call(name, args);
              },
            },
        options,
      ),
    bus: ({ subscriber, ...options } = {}) => {
      const raw = rawOf<IoredisSubscriber>(subscriber);
      return ioredisBus(client, raw === undefined ? options : { ...options, subscriber: raw });
    },
    ready: () => client.status === "ready",
    whenReady: async () => {
      if (client.status !== "ready") await once(client, "ready");
    },
    kill: () => client.disconnect(),
    close: async () => {
      // QUIT can reject with "Connection is closed." when the socket closes while ioredis still
      // waits on replies of its own (CLIENT SETINFO at connect): closed either way.
      if (client.status === "ready") await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
  rawClients.set(wrapped, client);
  return { client, wrapped };
}

/** Every driver, in the order the test reports list them. */
export const DRIVERS: readonly TestDriver[] = [
  {
    name: "node-redis",
    connect: async (url = DEFAULT_URL, setup = {}) => {
      const { client, wrapped } = nodeRedis(url, setup);
      await client.connect();
      return wrapped;
    },
    unconnected: (url, setup = {}) => {
      const { client, wrapped } = nodeRedis(url, setup);
      // Connecting fails and node-redis keeps retrying, as an app's client would during an outage.
      client.connect().catch(() => {});
      return wrapped;
    },
  },
  {
    name: "ioredis",
    connect: async (url = DEFAULT_URL, setup = {}) => {
      const { client, wrapped } = ioredis(url, setup);
      await client.connect();
      return wrapped;
    },
    // Not lazy: ioredis starts connecting (and failing) at once, as an app's client would.
    unconnected: (url, setup = {}) => ioredis(url, { ...setup, extra: { lazyConnect: false } }).wrapped,
  },
];
