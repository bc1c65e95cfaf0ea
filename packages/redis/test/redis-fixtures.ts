import type { KeywardStore } from "@keyward/core";
import { taggedPrefix } from "../src/hash-tag";
import type { TestClient, TestDriver } from "./drivers";

export {
  type ClientSetup,
  DRIVERS,
  REDIS_URL,
  SKIP_REASON,
  type TestBusOptions,
  type TestClient,
  type TestDriver,
} from "./drivers";

/**
 * A key prefix no other run uses.
 * @param tag - a readable part of it
 */
export function uniquePrefix(tag = "t"): string {
  return `keyward-test:${tag}:${crypto.randomUUID().slice(0, 12)}:`;
}

/** The patterns a store's keys match: its tagged names, and the untagged names of version 1. */
function patternsOf(prefix: string): string[] {
  const tagged = taggedPrefix(prefix, "test");
  return [...new Set([tagged, prefix])].map((start) => `${start}*`);
}

async function* scan(client: TestClient, prefix: string): AsyncGenerator<string[]> {
  for (const pattern of patternsOf(prefix)) yield* client.scan(pattern);
}

const READ_BY_TYPE: Record<string, (key: string) => string[]> = {
  hash: (key) => ["HGETALL", key],
  zset: (key) => ["ZRANGE", key, "0", "-1", "WITHSCORES"],
  string: (key) => ["GET", key],
};

/**
 * Every key under `prefix` (the store's tagged names and any untagged ones) with its type and value, as text (raw replies: the shapes differ
 * between drivers, the text searched for key material does not).
 * @param client - a client
 * @param prefix - the prefix
 */
export async function dumpPrefix(client: TestClient, prefix: string): Promise<string> {
  const lines: string[] = [];
  for await (const keys of scan(client, prefix)) {
    for (const key of keys) {
      const type = String(await client.command(["TYPE", key]));
      const read = READ_BY_TYPE[type];
      const value = read === undefined ? `(${type})` : await client.command(read(key));
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
  // One key per command: on a cluster, the untagged names of version 1 lie in many slots.
  for await (const keys of scan(client, prefix)) {
    await Promise.all(keys.map((key) => client.command(["UNLINK", key])));
  }
}

interface Owned {
  readonly client: TestClient;
  readonly prefix: string;
  /** Whether cleaning this store up deletes its keys (the original does; peers do not). */
  readonly deletesData: boolean;
}

/** What `describeStoreConformance` needs, for one driver. */
export interface StoreFixtures {
  /** A fresh store under a new prefix on its own client. */
  freshStore(): Promise<KeywardStore>;
  /** A second store on the same prefix through a separate client. */
  peerOf(store: KeywardStore): Promise<KeywardStore>;
  /** A restart of the app: close the client, connect a new one (server restarts: redis-extras). */
  restartOf(store: KeywardStore): Promise<KeywardStore>;
  /** Every key and value under the store's prefix. */
  dumpOf(store: KeywardStore): Promise<string>;
  /** Closes the store's client; the original also deletes its keys. */
  cleanupOf(store: KeywardStore): Promise<void>;
}

/**
 * Store fixtures over one driver, each store on its own client configured as the README recommends.
 * @param driver - the client library
 */
export function storeFixtures(driver: TestDriver): StoreFixtures {
  const owned = new WeakMap<KeywardStore, Owned>();
  const open = async (prefix: string, deletesData: boolean): Promise<KeywardStore> => {
    const client = await driver.connect();
    // Tests use a non-persistent server on purpose; the warning is checked in its own test.
    const store = client.store({ prefix, warn: () => {} });
    owned.set(store, { client, prefix, deletesData });
    return store;
  };
  const ownedBy = (store: KeywardStore): Owned => {
    const found = owned.get(store);
    if (found === undefined) throw new Error(`this store was not made by the ${driver.name} fixtures`);
    return found;
  };
  return {
    freshStore: () => open(uniquePrefix(), true),
    peerOf: (store) => open(ownedBy(store).prefix, false),
    async restartOf(store) {
      const { client, prefix, deletesData } = ownedBy(store);
      await client.close();
      return open(prefix, deletesData);
    },
    dumpOf(store) {
      const { client, prefix } = ownedBy(store);
      return dumpPrefix(client, prefix);
    },
    async cleanupOf(store) {
      const { client, prefix, deletesData } = ownedBy(store);
      try {
        if (deletesData) await deletePrefix(client, prefix);
      } finally {
        await client.close();
      }
    },
  };
}
