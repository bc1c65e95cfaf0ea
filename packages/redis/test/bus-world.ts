import { createKeyward, type Keyward, type KeywardStore } from "@keyward/core";
import { type BusSpy, spyOn } from "./bus-spy";
import type { Harness } from "./harness";
import type { TestBusOptions, TestClient, TestDriver } from "./redis-fixtures";

/** One app instance: keyward with the cache and its own bus, on its own client. */
export interface Instance {
  readonly keyward: Keyward;
  readonly spy: BusSpy;
  readonly client: TestClient;
  /** Key lookups that reached the store. */
  lookups(): number;
  /** Public-role reads that reached the store. */
  publicRoleReads(): number;
  /** What `onCacheError` was told. */
  readonly cacheErrors: unknown[];
}

/** How an instance is made. */
export interface InstanceSetup {
  /** The client the store and the bus use. Default: a new one. */
  readonly client?: TestClient;
  /** Bus options besides the prefix (e.g. a subscriber). */
  readonly bus?: TestBusOptions;
  /** Whether to wait until the bus reports itself subscribed. Default: yes. */
  readonly waitSubscribed?: boolean;
}

/** The cache every instance uses: long enough that only the bus can explain a refusal. */
export const CACHE = { ttlMs: 60_000, maxEntries: 100 } as const;

function counting(store: KeywardStore) {
  const counts = { lookups: 0, publicRole: 0 };
  const counted: KeywardStore = {
    ...store,
    lookupKey: (hash) => {
      counts.lookups++;
      return store.lookupKey!(hash);
    },
    getPublicRole: () => {
      counts.publicRole++;
      return store.getPublicRole();
    },
  };
  return { counted, counts };
}

/**
 * An instance on `prefix`, closed (its bus stopped) after the test.
 * @param use - the test's harness
 * @param driver - the client library
 * @param prefix - the store's prefix, shared by the instances of one test
 * @param setup - client, bus options, whether to wait for the subscription
 */
export async function instance(
  use: Harness,
  driver: TestDriver,
  prefix: string,
  setup: InstanceSetup = {},
): Promise<Instance> {
  const client = setup.client ?? (await use.client(driver));
  const { counted, counts } = counting(client.store({ prefix, warn: () => {} }));
  const spy = spyOn(client.bus({ prefix, ...setup.bus }));
  const cacheErrors: unknown[] = [];
  const keyward = createKeyward({
    store: counted,
    cache: { ...CACHE, bus: spy.bus },
    onCacheError: (error) => cacheErrors.push(error),
  });
  use.defer(() => keyward.close());
  if (setup.waitSubscribed !== false) await spy.connected(true);
  return {
    keyward,
    spy,
    client,
    lookups: () => counts.lookups,
    publicRoleReads: () => counts.publicRole,
    cacheErrors,
  };
}

/**
 * Roles `editor` and `public`, user `alice` (an editor), through `a`.
 * @param a - the instance that writes
 */
export async function seed(a: Instance): Promise<void> {
  await a.keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await a.keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/list"] });
  await a.keyward.users.save({ id: "alice", role: "editor", active: true });
}

/**
 * A key for alice created through `a`, then authenticated by `b` until `b` serves it from its cache
 * (the second authentication reads nothing). Waits for `a`'s "created" message first: arriving
 * during `b`'s read, it would keep that read's answer out of the cache.
 * @param a - creates the key
 * @param b - caches it
 */
export async function cachedBy(a: Instance, b: Instance): Promise<{ key: string; id: string }> {
  const since = b.spy.messages.length;
  const { key, record } = await a.keyward.keys.create({ userId: "alice" });
  await b.spy.received((message) => message.type === "created", since);
  const ok = [(await b.keyward.authenticate(key)).ok];
  const before = b.lookups();
  ok.push((await b.keyward.authenticate(key)).ok);
  if (ok.includes(false) || b.lookups() !== before) {
    throw new Error(`the key was not cached: answers ${ok}, ${b.lookups() - before} lookups on the second`);
  }
  return { key, id: record.id };
}

/**
 * Where a delivered message is about key `id`.
 * @param id - the key's id
 */
export const aboutKey =
  (id: string) =>
  (message: { type: string; keyId?: string }): boolean =>
    message.type === "key" && message.keyId === id;
