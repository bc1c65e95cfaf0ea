import type { KeywardStore } from "@keyward/core";
import { createClient } from "redis";
import { redisStore } from "../src/index";

/** The server the tests use; unset means "skip, and say why". */
export const REDIS_URL = process.env.KEYWARD_TEST_REDIS_URL;
/** The reason shown when the tests are skipped. */
export const SKIP_REASON = REDIS_URL ? undefined : "KEYWARD_TEST_REDIS_URL is not set";

/** A connected node-redis client, as the README recommends configuring it. */
export type TestClient = Awaited<ReturnType<typeof connect>>;

/**
 * Connects a client that fails commands at once while disconnected.
 * @param url - the server; default the test server
 */
export async function connect(url = REDIS_URL ?? "redis://127.0.0.1:6379") {
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 500 } });
  // node-redis emits connection errors as events; unhandled, they would crash the test process.
  client.on("error", () => {});
  return client.connect();
}

/**
 * A key prefix no other run uses.
 * @param tag - a readable part of it
 */
export function uniquePrefix(tag = "t"): string {
  return `keyward-test:${tag}:${crypto.randomUUID().slice(0, 12)}:`;
}

/**
 * Every key under `prefix` with its type and value, as text.
 * @param client - a client
 * @param prefix - the prefix
 */
export async function dumpPrefix(client: TestClient, prefix: string): Promise<string> {
  const lines: string[] = [];
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    for (const key of keys) {
      const type = await client.type(key);
      let value: unknown;
      if (type === "hash") value = await client.hGetAll(key);
      else if (type === "zset") value = await client.zRangeWithScores(key, 0, -1);
      else if (type === "string") value = await client.get(key);
      else value = `(${type})`;
      lines.push(`${key} ${type} ${JSON.stringify(value)}`);
    }
  }
  return lines.sort().join("\n");
}

/**
 * Deletes every key under `prefix`.
 * @param client - a client
 * @param prefix - the prefix
 */
export async function deletePrefix(client: TestClient, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
}

interface Owned {
  readonly client: TestClient;
  readonly prefix: string;
  /** Whether cleaning this store up deletes its keys (the original does; peers do not). */
  readonly deletesData: boolean;
}

const owned = new WeakMap<KeywardStore, Owned>();

async function open(prefix: string, deletesData: boolean): Promise<KeywardStore> {
  const client = await connect();
  // Tests use a non-persistent server on purpose; the warning is checked in its own test.
  const store = redisStore(client, { prefix, warn: () => {} });
  owned.set(store, { client, prefix, deletesData });
  return store;
}

function ownedBy(store: KeywardStore): Owned {
  const found = owned.get(store);
  if (found === undefined) throw new Error("this store was not made by redis-fixtures");
  return found;
}

/** A fresh store under a new prefix on its own client. */
export const freshStore = (): Promise<KeywardStore> => open(uniquePrefix(), true);

/**
 * A second store on the same prefix through a separate client.
 * @param store - a store made here
 */
export const peerOf = (store: KeywardStore): Promise<KeywardStore> => open(ownedBy(store).prefix, false);

/**
 * A restart of the app: close the client, connect a new one. (Server restarts are tested with a
 * throwaway server in redis-extras.test.ts.)
 * @param store - a store made here
 */
export async function restartOf(store: KeywardStore): Promise<KeywardStore> {
  const { client, prefix, deletesData } = ownedBy(store);
  await client.close();
  return open(prefix, deletesData);
}

/**
 * Every key and value under the store's prefix.
 * @param store - a store made here
 */
export function dumpOf(store: KeywardStore): Promise<string> {
  const { client, prefix } = ownedBy(store);
  return dumpPrefix(client, prefix);
}

/**
 * Closes the store's client; the original also deletes its keys.
 * @param store - a store made here
 */
export async function cleanupOf(store: KeywardStore): Promise<void> {
  const { client, prefix, deletesData } = ownedBy(store);
  try {
    if (deletesData) await deletePrefix(client, prefix);
  } finally {
    await client.close();
  }
}
