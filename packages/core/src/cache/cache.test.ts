import { describe, expect, it } from "vitest";
import { createKeyward } from "../keyward";
import { memoryStore } from "../memory-store";
import type { KeyLookup, KeywardStore } from "../store";
import { memoryBus } from "./invalidation";

const T0 = new Date("2030-01-01T00:00:00Z");
const TTL = 60_000;

/** A memory store that counts key lookups and can hold them. */
function countingStore() {
  const base = memoryStore();
  const counts = { lookups: 0, publicRole: 0 };
  let held: Array<() => void> | null = null;
  const store: KeywardStore = {
    ...base,
    lookupKey: (hash) => {
      counts.lookups++;
      const answer = base.lookupKey!(hash) as KeyLookup | null;
      if (held === null) return answer;
      return new Promise<KeyLookup | null>((resolve) => held!.push(() => resolve(answer)));
    },
    getPublicRole: () => {
      counts.publicRole++;
      return base.getPublicRole();
    },
  };
  return {
    store,
    counts,
    hold: () => {
      held = [];
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const go of waiting) go();
    },
  };
}

async function world(
  options: { bus?: ReturnType<typeof memoryBus>; maxEntries?: number; store?: KeywardStore } = {},
) {
  const counting = countingStore();
  const store = options.store ?? counting.store;
  let now = T0;
  const clock = () => now;
  const make = () =>
    createKeyward({
      store,
      now: clock,
      cache: {
        ttlMs: TTL,
        maxEntries: options.maxEntries ?? 1000,
        maxNegativeEntries: 8,
        ...(options.bus === undefined ? {} : { bus: options.bus }),
      },
    });
  const a = make();
  await a.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await a.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
  await a.users.save({ id: "alice", role: "editor", active: true });
  const issued = await a.keys.create({ userId: "alice" });
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  // Let the bus subscription (a promise) settle.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { ...counting, store, a, make, issued, advance };
}

const ok = async (keyward: ReturnType<typeof createKeyward>, key: string | null) =>
  (await keyward.authenticate(key)).ok;

describe("verified-key cache", () => {
  it("is off by default: every authentication asks the store", async () => {
    const { store, counts, issued } = countingStore_world();
    const keyward = createKeyward({ store });
    await seed(keyward);
    const { key } = await issued(keyward);
    counts.lookups = 0;
    for (let i = 0; i < 3; i++) await keyward.authenticate(key);
    expect(counts.lookups).toBe(3);
  });

  it("answers a verified key from memory until ttlMs, then asks again", async () => {
    const { a, counts, issued, advance } = await world();
    counts.lookups = 0;
    for (let i = 0; i < 5; i++) expect(await ok(a, issued.key)).toBe(true);
    expect(counts.lookups).toBe(1);
    advance(TTL - 1);
    expect(await ok(a, issued.key)).toBe(true);
    expect(counts.lookups).toBe(1);
    advance(1);
    expect(await ok(a, issued.key)).toBe(true);
    expect(counts.lookups).toBe(2);
  });

  it("drops a key this instance refreshes, revokes or whose owner changes, at once", async () => {
    const { a, issued } = await world();
    expect(await ok(a, issued.key)).toBe(true);
    const next = await a.keys.refresh(issued.record.id);
    expect(await ok(a, issued.key)).toBe(false);
    expect(await ok(a, next.key)).toBe(true);
    await a.users.save({ id: "alice", role: "editor", active: false });
    expect(await ok(a, next.key)).toBe(false);
    await a.users.save({ id: "alice", role: "editor", active: true });
    expect(await ok(a, next.key)).toBe(true);
    await a.keys.revoke(issued.record.id);
    expect(await ok(a, next.key)).toBe(false);
  });

  it("sees a role change at once", async () => {
    const { a, issued } = await world();
    const can = async () => {
      const result = await a.authenticate(issued.key);
      return result.ok && result.principal.can("content/posts/read");
    };
    expect(await can()).toBe(true);
    await a.roles.save({ appid: "editor", name: "Editor", permissions: [] });
    expect(await can()).toBe(false);
  });

  it("with a bus, another instance refuses a revoked key at once", async () => {
    const bus = memoryBus();
    const { a, make, issued } = await world({ bus });
    const b = make();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await ok(b, issued.key)).toBe(true);
    await a.keys.revoke(issued.record.id);
    expect(await ok(b, issued.key)).toBe(false);
  });

  it("without a bus, another instance's revocation is seen within ttlMs (and not after)", async () => {
    const { a, make, issued, advance } = await world();
    const b = make();
    expect(await ok(b, issued.key)).toBe(true);
    await a.keys.revoke(issued.record.id);
    expect(await ok(b, issued.key)).toBe(true);
    advance(TTL);
    expect(await ok(b, issued.key)).toBe(false);
  });

  it("fails closed while the bus is down: nothing is trusted, a revocation is seen at once", async () => {
    const bus = memoryBus();
    const { a, make, issued, counts } = await world({ bus });
    const b = make();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await ok(b, issued.key)).toBe(true);
    bus.setConnected(false);
    // a's publish fails (the bus is down); b must not rely on having heard it.
    await a.keys.revoke(issued.record.id);
    counts.lookups = 0;
    expect(await ok(b, issued.key)).toBe(false);
    expect(await ok(b, issued.key)).toBe(false);
    expect(counts.lookups).toBe(2);
    bus.setConnected(true);
    expect(await ok(b, issued.key)).toBe(false);
  });

  it("trusts nothing until the bus confirms its subscription", async () => {
    const never = {
      publish: async () => {},
      subscribe: () => new Promise<() => Promise<void>>(() => {}),
    };
    const { store, counts } = countingStore();
    const keyward = createKeyward({ store, cache: { ttlMs: TTL, maxEntries: 10, bus: never } });
    await seed(keyward);
    const { key } = await keyward.keys.create({ userId: "alice" });
    counts.lookups = 0;
    await keyward.authenticate(key);
    await keyward.authenticate(key);
    expect(counts.lookups).toBe(2);
  });

  it("does not keep an answer read while a change landed", async () => {
    const { a, issued, hold, release } = await world();
    hold();
    // The read starts while the key is live, and answers after the revocation landed.
    const pending = a.authenticate(issued.key);
    await a.keys.revoke(issued.record.id);
    release();
    // Read before the revocation: it may pass (that is when it was asked) ...
    expect((await pending).ok).toBe(true);
    // ... but its answer must not be kept.
    expect(await ok(a, issued.key)).toBe(false);
  });

  it("remembers unknown keys apart: a flood of them neither evicts real keys nor reaches the store twice", async () => {
    const { a, counts, issued } = await world({ maxEntries: 4 });
    expect(await ok(a, issued.key)).toBe(true);
    const unknown = `USR-${"0".repeat(40)}`;
    counts.lookups = 0;
    for (let i = 0; i < 3; i++) expect(await ok(a, unknown)).toBe(false);
    expect(counts.lookups).toBe(1);
    for (let i = 0; i < 100; i++) await a.authenticate(`USR-${i.toString(16).padStart(40, "1")}`);
    counts.lookups = 0;
    expect(await ok(a, issued.key)).toBe(true);
    expect(counts.lookups).toBe(0);
  });

  it("forgets unknown keys when a key is imported", async () => {
    const { a } = await world();
    const key = `USR-${"ab".repeat(20)}`;
    expect(await ok(a, key)).toBe(false);
    await a.keys.import({ key, userId: "alice" });
    expect(await ok(a, key)).toBe(true);
  });

  it("keeps the public role, and drops it when it changes", async () => {
    const { a, counts } = await world();
    await a.settings.setPublicRole("public");
    counts.publicRole = 0;
    for (let i = 0; i < 3; i++) expect(await ok(a, null)).toBe(true);
    expect(counts.publicRole).toBe(1);
    await a.settings.setPublicRole(null);
    expect(await a.authenticate(null)).toMatchObject({ ok: false, reason: "missing" });
  });

  it("holds at most maxEntries verified keys", async () => {
    const { a } = await world({ maxEntries: 3 });
    const keys = await Promise.all(Array.from({ length: 10 }, () => a.keys.create({ userId: "alice" })));
    for (const { key } of keys) expect(await ok(a, key)).toBe(true);
    for (const { key } of keys) expect(await ok(a, key)).toBe(true);
  });

  it("records a cached key's use at most once a minute", async () => {
    const { a, issued, advance } = await world();
    const touches: string[] = [];
    const store = a.store;
    const original = store.touchKey.bind(store);
    store.touchKey = (id, at) => {
      touches.push(id);
      return original(id, at);
    };
    for (let i = 0; i < 5; i++) {
      await a.authenticate(issued.key);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    advance(60_000);
    await a.authenticate(issued.key);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(touches).toHaveLength(2);
  });

  it("checks its options", () => {
    const store = memoryStore();
    expect(() => createKeyward({ store, cache: { ttlMs: 0, maxEntries: 1 } })).toThrow(/ttlMs/);
    expect(() => createKeyward({ store, cache: { ttlMs: 1, maxEntries: 1.5 } })).toThrow(/maxEntries/);
    expect(() => createKeyward({ store, cache: { ttlMs: 1, maxEntries: 1, bus: {} as never } })).toThrow(
      /bus/,
    );
  });
});

function countingStore_world() {
  const counting = countingStore();
  return {
    ...counting,
    issued: (keyward: ReturnType<typeof createKeyward>) => keyward.keys.create({ userId: "alice" }),
  };
}

async function seed(keyward: ReturnType<typeof createKeyward>) {
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
}
