import { beforeEach, describe, expect, it } from "vitest";
import { createKeyward, type Keyward, KeywardError, memoryStore } from "./index";
import type { KeywardStore } from "./store";

const T0 = new Date("2026-01-01T00:00:00.000Z");
let keyward: Keyward;
let store: KeywardStore;

beforeEach(async () => {
  store = memoryStore();
  keyward = createKeyward({ store, now: () => T0 });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
});

describe("keys.create", () => {
  it("returns a record with every field, and stores only a hash", async () => {
    const expiresAt = new Date(T0.getTime() + 86_400_000);
    const { key, record } = await keyward.keys.create({
      userId: "alice",
      name: "laptop",
      expiresAt,
      permissions: ["content/posts/read"],
    });
    expect(record).toEqual({
      id: expect.any(String),
      kind: "user",
      start: key.slice(0, 12),
      userId: "alice",
      role: null,
      name: "laptop",
      permissions: ["content/posts/read"],
      expiresAt,
      createdAt: T0,
      lastUsedAt: null,
      revokedAt: null,
      etag: expect.stringMatching(/^"[0-9a-f]{16}"$/),
    });
    const stored = await store.getKey(record.id);
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(key.slice(12));
  });

  it.each([
    [{}, /exactly one of userId .* or role/],
    [{ userId: "alice", role: "editor" }, /exactly one of userId/],
    [{ userId: "" }, /userId must be/],
    [{ userId: "a b" }, /userId must be/],
    [{ role: 7 }, /role must be a string/],
    [{ userId: "alice", name: "" }, /name must be/],
    [{ userId: "alice", name: "x".repeat(201) }, /name must be/],
    [{ userId: "alice", name: "line\nbreak" }, /control characters/],
    [{ userId: "alice", expiresAt: "2030-01-01" }, /expiresAt must be a valid Date/],
    [{ userId: "alice", expiresAt: new Date("nope") }, /expiresAt must be a valid Date/],
    [{ userId: "alice", permissions: "content/posts/read" }, /permissions must be an array/],
    [{ userId: "alice", permissions: [""] }, /permissions contains an invalid pattern/],
  ])("rejects %j with INVALID_ARGUMENT naming the field", async (input, message) => {
    const error = await keyward.keys.create(input as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeywardError);
    expect(error).toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringMatching(message) });
  });

  it.each([null, undefined, "alice"])("rejects a non-object input %j", async (input) => {
    await expect(keyward.keys.create(input as never)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("rejects unknown owners with NOT_FOUND", async () => {
    await expect(keyward.keys.create({ userId: "bob" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(keyward.keys.create({ role: "ghost" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("allows app keys with the super role without a stored role", async () => {
    const { record } = await keyward.keys.create({ role: "admin" });
    expect(record.role).toBe("admin");
  });
});

describe("keys.refresh", () => {
  it("keeps id, owner, name, scope and expiry, and replaces the secret", async () => {
    const expiresAt = new Date(T0.getTime() + 1000);
    const first = await keyward.keys.create({ userId: "alice", name: "ci", expiresAt, permissions: ["a"] });
    const next = await keyward.keys.refresh(first.record.id);
    expect(next.key).not.toBe(first.key);
    expect(next.record).toEqual({ ...first.record, start: next.key.slice(0, 12), etag: next.record.etag });
    expect(next.record.etag).not.toBe(first.record.etag);
    expect(await keyward.authenticate(first.key)).toEqual({
      ok: false,
      reason: "invalid",
      detail: "unknown",
    });
    expect((await keyward.authenticate(next.key)).ok).toBe(true);
  });

  it("lets exactly one of 50 concurrent refreshes win; only the winner's secret works afterwards", async () => {
    const { key, record } = await keyward.keys.create({ userId: "alice" });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => keyward.keys.refresh(record.id)),
    );
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const lost = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const outcome of lost) expect(outcome.reason).toMatchObject({ code: "CONFLICT" });
    const winner = (won[0] as PromiseFulfilledResult<{ key: string }>).value.key;
    expect((await keyward.authenticate(winner)).ok).toBe(true);
    expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "unknown" });
  });

  it("also lets exactly one win when the hasher is asynchronous (Web Crypto path)", async () => {
    const asyncKeyward = createKeyward({
      store,
      hasher: async (value) => `${value.length}:${value}`.slice(0, 60),
    });
    const { record } = await asyncKeyward.keys.create({ userId: "alice" });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => asyncKeyward.keys.refresh(record.id)),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  });

  it("refuses revoked and expired keys with CONFLICT and unknown ids with NOT_FOUND", async () => {
    let now = T0;
    const clocked = createKeyward({ store, now: () => now });
    const revoked = await clocked.keys.create({ userId: "alice" });
    await clocked.keys.revoke(revoked.record.id);
    await expect(clocked.keys.refresh(revoked.record.id)).rejects.toMatchObject({ code: "CONFLICT" });
    const expiring = await clocked.keys.create({ userId: "alice", expiresAt: new Date(T0.getTime() + 5) });
    now = new Date(T0.getTime() + 5);
    await expect(clocked.keys.refresh(expiring.record.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(clocked.keys.refresh("no-such-key")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("keys.revoke, list, get", () => {
  it("revokes once and keeps the first revocation time", async () => {
    let now = T0;
    const clocked = createKeyward({ store, now: () => now });
    const { key, record } = await clocked.keys.create({ userId: "alice" });
    expect((await clocked.keys.revoke(record.id)).revokedAt).toEqual(T0);
    now = new Date(T0.getTime() + 1000);
    expect((await clocked.keys.revoke(record.id)).revokedAt).toEqual(T0);
    expect(await clocked.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "revoked" });
    await expect(clocked.keys.revoke("nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists by owner and role, oldest first, without secrets", async () => {
    let now = T0;
    const clocked = createKeyward({ store, now: () => now });
    const a = await clocked.keys.create({ userId: "alice" });
    now = new Date(T0.getTime() + 1);
    const b = await clocked.keys.create({ role: "editor" });
    expect((await clocked.keys.list()).map((record) => record.id)).toEqual([a.record.id, b.record.id]);
    expect((await clocked.keys.list({ userId: "alice" })).map((record) => record.id)).toEqual([a.record.id]);
    expect((await clocked.keys.list({ role: "editor" })).map((record) => record.id)).toEqual([b.record.id]);
    for (const record of await clocked.keys.list()) expect(Object.keys(record)).not.toContain("hash");
  });

  it("gets one record or null", async () => {
    const { record } = await keyward.keys.create({ userId: "alice" });
    expect(await keyward.keys.get(record.id)).toEqual(record);
    expect(await keyward.keys.get("missing")).toBeNull();
  });
});

describe("keys.import", () => {
  const imported = "USR-0123456789abcdef0123456789abcdef01234567";

  it("takes over an existing key, which then authenticates", async () => {
    const { key, record } = await keyward.keys.import({
      key: imported,
      userId: "alice",
      name: "from cockpit",
    });
    expect(key).toBe(imported);
    expect(record.start).toBe("USR-01234567");
    const result = await keyward.authenticate(imported);
    expect(result.ok && result.principal.userId).toBe("alice");
  });

  it("refuses the same key twice with CONFLICT, without echoing it", async () => {
    await keyward.keys.import({ key: imported, userId: "alice" });
    const error = await keyward.keys
      .import({ key: imported, userId: "alice" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "CONFLICT" });
    expect((error as Error).message).not.toContain(imported.slice(4));
  });

  it.each([
    ["a malformed key", { key: "USR-xyz", userId: "alice" }],
    ["an app key for a user", { key: `API-${imported.slice(4)}`, userId: "alice" }],
    ["a user key for a role", { key: imported, role: "editor" }],
  ])("refuses %s with INVALID_ARGUMENT", async (_label, input) => {
    const error = await keyward.keys.import(input).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((error as Error).message).not.toContain(imported.slice(4));
  });
});

describe("preconditions (ifMatch)", () => {
  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (caught: unknown) => caught,
    );

  it("refreshes the version read, once: the same etag again is PRECONDITION_FAILED", async () => {
    const { record } = await keyward.keys.create({ userId: "alice" });
    const first = await keyward.keys.refresh(record.id, { ifMatch: record.etag });
    expect(await keyward.keys.get(record.id)).toMatchObject({ etag: first.record.etag });
    const stale = await rejection(keyward.keys.refresh(record.id, { ifMatch: record.etag }));
    expect(stale).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((stale as Error).message).toMatch(/not at the version ifMatch names/);
    // Nothing changed: the first refresh's key still works.
    expect((await keyward.authenticate(first.key)).ok).toBe(true);
  });

  it("lets exactly one of 50 concurrent refreshes with the same etag win, even when each read first", async () => {
    const { key, record } = await keyward.keys.create({ userId: "alice" });
    // Every racer reads the key before any swap: only the compare-and-swap on the version decides.
    let reads = 0;
    let release: () => void = () => {};
    const allRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gated: KeywardStore = {
      ...store,
      getKey: (id) => {
        const found = store.getKey(id);
        if (++reads === 50) release();
        return found;
      },
      swapKeySecret: async (...args) => {
        await allRead;
        return store.swapKeySecret(...args);
      },
    };
    const racing = createKeyward({ store: gated, now: () => T0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => racing.keys.refresh(record.id, { ifMatch: record.etag })),
    );
    const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected")
        expect(outcome.reason).toMatchObject({ code: "PRECONDITION_FAILED" });
    }
    expect((await keyward.authenticate(won[0]!.value.key)).ok).toBe(true);
    expect((await keyward.authenticate(key)).ok).toBe(false);
  });

  it('accepts "*" and lists of tags, and answers NOT_FOUND before any precondition', async () => {
    const { record } = await keyward.keys.create({ userId: "alice" });
    const star = await keyward.keys.refresh(record.id, { ifMatch: "*" });
    const listed = await keyward.keys.refresh(record.id, { ifMatch: [record.etag, star.record.etag] });
    expect(listed.record.id).toBe(record.id);
    expect(await rejection(keyward.keys.refresh(record.id, { ifMatch: [] }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(await rejection(keyward.keys.refresh("missing", { ifMatch: "*" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await rejection(keyward.keys.revoke("missing", { ifMatch: record.etag }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await rejection(keyward.keys.refresh(record.id, { ifMatch: 7 as never }))).toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("is not changed by using the key (lastUsedAt is not part of the version)", async () => {
    const { key, record } = await keyward.keys.create({ userId: "alice" });
    await keyward.authenticate(key);
    await store.touchKey(record.id, new Date(T0.getTime() + 60_000));
    const used = await keyward.keys.get(record.id);
    expect(used?.lastUsedAt).not.toBeNull();
    expect(used?.etag).toBe(record.etag);
    expect((await keyward.keys.refresh(record.id, { ifMatch: record.etag })).record.id).toBe(record.id);
  });

  it("reports a refresh that matched but lost the swap as PRECONDITION_FAILED, never as a dead key", async () => {
    const { record } = await keyward.keys.create({ userId: "alice" });
    // Another instance refreshes between this one's read and its swap.
    const interleaved: KeywardStore = {
      ...store,
      swapKeySecret: (id, expected, next) => {
        store.swapKeySecret(id, expected, { hash: "f".repeat(64), start: "USR-ffffffff" });
        return store.swapKeySecret(id, expected, next);
      },
    };
    const racing = createKeyward({ store: interleaved, now: () => T0 });
    expect(await rejection(racing.keys.refresh(record.id, { ifMatch: record.etag }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect((await keyward.keys.get(record.id))?.start).toBe("USR-ffffffff");
  });

  it("revokes only the version read; a revoked key's own tag revokes again harmlessly", async () => {
    const { key, record } = await keyward.keys.create({ userId: "alice" });
    const next = await keyward.keys.refresh(record.id);
    expect(await rejection(keyward.keys.revoke(record.id, { ifMatch: record.etag }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect((await keyward.authenticate(next.key)).ok).toBe(true);
    const revoked = await keyward.keys.revoke(record.id, { ifMatch: next.record.etag });
    expect(revoked.revokedAt).toEqual(T0);
    expect(revoked.etag).not.toBe(next.record.etag);
    expect((await keyward.authenticate(next.key)).ok).toBe(false);
    expect((await keyward.keys.revoke(record.id, { ifMatch: revoked.etag })).etag).toBe(revoked.etag);
    expect(await rejection(keyward.keys.revoke(record.id, { ifMatch: next.record.etag }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect((await keyward.keys.revoke(record.id, { ifMatch: "*" })).revokedAt).toEqual(T0);
    expect((await keyward.authenticate(key)).ok).toBe(false);
  });
});
