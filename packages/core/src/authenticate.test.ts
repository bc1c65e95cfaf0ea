import { beforeEach, describe, expect, it } from "vitest";
import { authenticateAwaitable } from "./adapter-access";
import { createKeyward, type Keyward, KeywardError, memoryStore } from "./index";
import type { KeywardStore } from "./store";
import type { Role, StoredKey, User } from "./types";

const T0 = new Date("2026-01-01T00:00:00.000Z");

async function setup(options: { now?: () => Date } = {}) {
  const store = memoryStore();
  const keyward = createKeyward({ store, ...options });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/list"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  return { store, keyward };
}

describe("authenticate: keys that are present but bad are all 'invalid', never public", () => {
  let keyward: Keyward;
  beforeEach(async () => {
    ({ keyward } = await setup());
    await keyward.settings.setPublicRole("public");
  });

  const hex = "b2a6ef40b2a6ef40b2a6ef40b2a6ef40b2a6ef40";
  it.each([
    ["empty string", ""],
    ["USR- alone", "USR-"],
    ["uppercase hex", `USR-${hex.toUpperCase()}`],
    ["10 kB", `USR-${"a".repeat(10_000)}`],
    ["a comma", `USR-${hex.slice(0, 20)},${hex.slice(21)}`],
    ["a space", `USR-${hex.slice(0, 20)} ${hex.slice(21)}`],
    ["a JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"],
  ])("%s", async (_label, key) => {
    expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "malformed" });
  });

  it.each([
    ["a well-formed but unknown key", `USR-${hex}`],
    ["an unknown app key", `API-${hex}`],
  ])("%s", async (_label, key) => {
    expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "unknown" });
  });

  it.each([42, {}, ["USR-"], true])("a non-string value %j", async (value) => {
    expect(await keyward.authenticate(value as unknown as string)).toEqual({
      ok: false,
      reason: "invalid",
      detail: "malformed",
    });
  });

  it("a user key presented with the API- prefix (same secret) is invalid", async () => {
    const { key } = await keyward.keys.create({ userId: "alice" });
    expect(await keyward.authenticate(`API-${key.slice(4)}`)).toEqual({
      ok: false,
      reason: "invalid",
      detail: "unknown",
    });
  });
});

describe("authenticate: no key", () => {
  it("acts with the public role when one is set", async () => {
    const { keyward } = await setup();
    await keyward.settings.setPublicRole("public");
    for (const missing of [null, undefined]) {
      const result = await keyward.authenticate(missing);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.principal).toMatchObject({ kind: "public", userId: null, keyId: null, role: "public" });
      expect(result.principal.can("content/posts/list")).toBe(true);
      expect(result.principal.can("content/posts/read")).toBe(false);
    }
  });

  it("is 'missing' when no public role is set, and again after it is switched off", async () => {
    const { keyward } = await setup();
    expect(await keyward.authenticate(null)).toEqual({ ok: false, reason: "missing" });
    await keyward.settings.setPublicRole("public");
    await keyward.settings.setPublicRole(null);
    expect(await keyward.authenticate(null)).toEqual({ ok: false, reason: "missing" });
  });
});

describe("authenticate: expiry, pinned with an injected clock", () => {
  it("accepts a key until the millisecond before expiresAt and refuses it from expiresAt on", async () => {
    let now = T0;
    const { keyward } = await setup({ now: () => now });
    const expiresAt = new Date(T0.getTime() + 60_000);
    const { key } = await keyward.keys.create({ userId: "alice", expiresAt });
    now = new Date(expiresAt.getTime() - 1);
    expect((await keyward.authenticate(key)).ok).toBe(true);
    now = expiresAt;
    expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "expired" });
    now = new Date(expiresAt.getTime() + 1);
    expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "expired" });
  });

  it("refuses to create a key that is already expired", async () => {
    const { keyward } = await setup({ now: () => T0 });
    await expect(keyward.keys.create({ userId: "alice", expiresAt: T0 })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining("expiresAt"),
    });
  });
});

describe("authenticate: the owner", () => {
  it("is 'inactive' for an inactive user and valid again once reactivated", async () => {
    const { keyward } = await setup();
    const { key } = await keyward.keys.create({ userId: "alice" });
    await keyward.users.save({ id: "alice", role: "editor", active: false });
    expect(await keyward.authenticate(key)).toEqual({
      ok: false,
      reason: "inactive",
      detail: "owner_inactive",
    });
    await keyward.users.save({ id: "alice", role: "editor", active: true });
    expect((await keyward.authenticate(key)).ok).toBe(true);
  });

  it("is 'invalid' once the user is removed, and stays so if the id is reused", async () => {
    const { keyward } = await setup();
    const { key } = await keyward.keys.create({ userId: "alice" });
    await keyward.users.remove("alice");
    // Removing a user revokes its keys first.
    expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "revoked" });
    await keyward.users.save({ id: "alice", role: "editor", active: true });
    expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "revoked" });
  });

  it("gives a user whose role is missing a principal that can do nothing", async () => {
    const { keyward, store } = await setup();
    const { key } = await keyward.keys.create({ userId: "alice" });
    await store.deleteRole("editor");
    const result = await keyward.authenticate(key);
    expect(result.ok && result.principal.can("content/posts/read")).toBe(false);
  });

  it("sees a role change made through another instance on the next request", async () => {
    const { keyward, store } = await setup();
    const { key } = await keyward.keys.create({ userId: "alice" });
    const first = await keyward.authenticate(key);
    expect(first.ok && first.principal.can("content/posts/read")).toBe(true);
    await createKeyward({ store }).roles.save({ appid: "editor", name: "Editor", permissions: ["other"] });
    const second = await keyward.authenticate(key);
    expect(second.ok && second.principal.can("content/posts/read")).toBe(false);
    expect(second.ok && second.principal.can("other")).toBe(true);
  });
});

describe("authenticate: lastUsedAt", () => {
  it("is written on first use and then at most once a minute", async () => {
    let now = T0;
    const { keyward } = await setup({ now: () => now });
    const { key, record } = await keyward.keys.create({ userId: "alice" });
    expect(record.lastUsedAt).toBeNull();
    await keyward.authenticate(key);
    expect((await keyward.keys.get(record.id))?.lastUsedAt).toEqual(T0);
    now = new Date(T0.getTime() + 59_999);
    await keyward.authenticate(key);
    expect((await keyward.keys.get(record.id))?.lastUsedAt).toEqual(T0);
    now = new Date(T0.getTime() + 60_000);
    await keyward.authenticate(key);
    expect((await keyward.keys.get(record.id))?.lastUsedAt).toEqual(now);
  });
});

/** A store whose every method fails the way `mode` says, to prove failures never authenticate. */
function failingStore(base: KeywardStore, mode: "throw" | "reject" | "hang"): KeywardStore {
  return new Proxy(base, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || property === "migrate") return value;
      return () => {
        if (mode === "throw") throw new Error("connection refused (password=hunter2)");
        if (mode === "reject") return Promise.reject(new Error("ECONNRESET"));
        return new Promise(() => {});
      };
    },
  });
}

describe("authenticate: a failing store", () => {
  it.each(["throw", "reject", "hang"] as const)(
    "rejects with STORE_UNAVAILABLE when the store %ss, for a key and for no key",
    async (mode) => {
      const { keyward: healthy, store } = await setup();
      await healthy.settings.setPublicRole("public");
      const { key } = await healthy.keys.create({ userId: "alice" });
      const keyward = createKeyward({ store: failingStore(store, mode), storeTimeoutMs: 20 });
      for (const attempt of [key, null]) {
        const error = await keyward.authenticate(attempt).then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(KeywardError);
        expect(error).toMatchObject({ code: "STORE_UNAVAILABLE" });
        expect(String((error as Error).message)).not.toContain(key);
      }
    },
  );

  it("keeps the driver error as the cause for operators, outside the message", async () => {
    const { store } = await setup();
    const keyward = createKeyward({ store: failingStore(store, "reject") });
    const error = await keyward.authenticate(null).catch((caught: unknown) => caught);
    expect((error as Error).message).not.toContain("ECONNRESET");
    expect(((error as Error).cause as Error).message).toBe("ECONNRESET");
  });

  it("fails management calls the same way", async () => {
    const { store } = await setup();
    const keyward = createKeyward({ store: failingStore(store, "hang"), storeTimeoutMs: 10 });
    await expect(keyward.keys.create({ userId: "alice" })).rejects.toMatchObject({
      code: "STORE_UNAVAILABLE",
    });
    await expect(keyward.roles.list()).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
  });
});

describe("authenticate: stores that look a key up with its owner and role in one call", () => {
  it("uses lookupKey when the store has it, and no other read", async () => {
    const { keyward: seed, store } = await setup();
    const { key } = await seed.keys.create({ userId: "alice" });
    const reads: string[] = [];
    const counting = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          reads.push(String(property));
          return value.apply(target, args);
        };
      },
    });
    const keyward = createKeyward({ store: counting, now: () => T0 });
    const result = await keyward.authenticate(key);
    expect(result.ok && result.principal.can("content/posts/read")).toBe(true);
    // The use is recorded behind the request, on a later turn.
    expect(reads).toEqual(["lookupKey"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toEqual(["lookupKey", "touchKey"]);
  });

  // Synchronous answers take core's fast path, promises the general one: both must distrust.
  it.each([
    ["an owner and role", "async", "mallory"],
    ["an owner and role", "sync", "mallory"],
    ["a role", "async", "alice"],
    ["a role", "sync", "alice"],
  ] as const)("does not trust %s that do not belong to the key (%s lookup)", async (_lie, mode, owner) => {
    const { keyward: seed, store } = await setup();
    await seed.roles.save({ appid: "boss", name: "Boss", permissions: ["content/posts/delete"] });
    await seed.users.save({ id: "mallory", role: "boss", active: true });
    const { key } = await seed.keys.create({ userId: "alice" });
    const lie = (hash: string) => {
      const found = store.findKeyByHash(hash) as StoredKey | null;
      if (found === null) return null;
      return { key: found, user: store.getUser(owner) as User, role: store.getRole("boss") as Role };
    };
    const lying: KeywardStore = { ...store, lookupKey: mode === "sync" ? lie : async (hash) => lie(hash) };
    const result = await createKeyward({ store: lying }).authenticate(key);
    expect(result.ok && result.principal.role).toBe("editor");
    expect(result.ok && result.principal.can("content/posts/delete")).toBe(false);
    expect(result.ok && result.principal.can("content/posts/read")).toBe(true);
  });
});

describe("authenticateAwaitable", () => {
  it("answers synchronously with a synchronous store and hasher, asynchronously otherwise", async () => {
    const { keyward, store } = await setup();
    const { key } = await keyward.keys.create({ userId: "alice" });
    const now = authenticateAwaitable(keyward, key);
    expect(now).not.toBeInstanceOf(Promise);
    expect("ok" in now && now.ok).toBe(true);
    const asyncHasher = createKeyward({ store, hasher: async (value) => value });
    const later = authenticateAwaitable(asyncHasher, key);
    expect(later).toBeInstanceOf(Promise);
    await later;
  });

  it("throws a store failure synchronously when the store fails synchronously", async () => {
    const { store } = await setup();
    const keyward = createKeyward({ store: failingStore(store, "throw") });
    expect(() => authenticateAwaitable(keyward, null)).toThrow(KeywardError);
  });
});
