import { describe, expect, it } from "vitest";
import { createKeyward, memoryStore } from "./index";

// The walkthrough of the README and docs, run as written: each comment there is an assertion here.
describe("the core walkthrough", () => {
  it("behaves as its comments say", async () => {
    const keyward = createKeyward({ store: memoryStore() });

    await keyward.roles.save({
      appid: "editor",
      name: "Editor",
      permissions: ["content/posts/read", "content/*/update"],
    });
    await keyward.roles.save({ appid: "public", name: "Public API", permissions: ["content/posts/read"] });
    await keyward.settings.setPublicRole("public");
    await keyward.users.save({ id: "alice", role: "editor", active: true });

    const { key, record } = await keyward.keys.create({ userId: "alice" });
    expect(key).toMatch(/^USR-[0-9a-f]{40}$/);
    expect(record).toMatchObject({ kind: "user", userId: "alice", role: null, start: key.slice(0, 12) });

    const app = await keyward.keys.create({ role: "public", name: "website" });
    expect(app.key).toMatch(/^API-[0-9a-f]{40}$/);
    expect(app.record).toMatchObject({ kind: "app", role: "public", name: "website", userId: null });

    const before = await keyward.authenticate(key);
    expect(before.ok && before.principal.can("content/posts/read")).toBe(true);
    expect(before.ok && before.principal.can("content/pages/update")).toBe(true);
    expect(before.ok && before.principal.can("content/pages/read")).toBe(false);

    const next = await keyward.keys.refresh(record.id);
    expect(next.key).not.toBe(key);
    expect(next.record.id).toBe(record.id);
    expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "unknown" });
    const after = await keyward.authenticate(next.key);
    expect(after.ok && after.principal.userId).toBe("alice");

    await keyward.keys.revoke(record.id);
    expect(await keyward.authenticate(next.key)).toEqual({ ok: false, reason: "invalid", detail: "revoked" });

    const listed = await keyward.keys.list({ userId: "alice" });
    expect(listed).toHaveLength(1);
    const serialized = JSON.stringify(listed);
    for (const secret of [key, next.key, key.slice(4), next.key.slice(4)])
      expect(serialized).not.toContain(secret);
    expect(serialized).not.toContain('"hash"');

    const anonymous = await keyward.authenticate(null);
    expect(anonymous.ok).toBe(true);
    if (anonymous.ok) {
      expect(anonymous.principal.kind).toBe("public");
      expect(anonymous.principal.can("content/posts/read")).toBe(true);
      expect(anonymous.principal.can("content/posts/update")).toBe(false);
    }
  });
});

describe("createKeyward options", () => {
  it("requires a store", () => {
    // @ts-expect-error: the store is required
    expect(() => createKeyward({})).toThrow(/store is required/);
  });

  it("rejects an object that is not a store, naming the missing method", () => {
    // @ts-expect-error: not a store
    expect(() => createKeyward({ store: { findKeyByHash() {} } })).toThrow(/no insertKey\(\)/);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("rejects storeTimeoutMs %s", (storeTimeoutMs) => {
    expect(() => createKeyward({ store: memoryStore(), storeTimeoutMs })).toThrow(/storeTimeoutMs/);
  });

  it("rejects a clock that is not a function", () => {
    // @ts-expect-error: now must be a function
    expect(() => createKeyward({ store: memoryStore(), now: new Date() })).toThrow(/now must be a function/);
  });

  it("rejects an empty pepper, which would silently mean no pepper", () => {
    expect(() => createKeyward({ store: memoryStore(), pepper: "" })).toThrow(/pepper/);
  });

  it("stores HMAC hashes with a pepper, so the same store does not accept keys under another pepper", async () => {
    const store = memoryStore();
    const peppered = createKeyward({ store, pepper: "server-secret" });
    await peppered.roles.save({ appid: "reader", name: "Reader", permissions: ["a"] });
    const { key } = await peppered.keys.create({ role: "reader" });
    expect((await peppered.authenticate(key)).ok).toBe(true);
    expect(await createKeyward({ store }).authenticate(key)).toEqual({
      ok: false,
      reason: "invalid",
      detail: "unknown",
    });
    expect(await createKeyward({ store, pepper: "other" }).authenticate(key)).toEqual({
      ok: false,
      reason: "invalid",
      detail: "unknown",
    });
  });

  it("uses an injected hasher", async () => {
    const calls: string[] = [];
    const keyward = createKeyward({
      store: memoryStore(),
      hasher: (value) => {
        calls.push("hash");
        return `h:${value.length}`;
      },
    });
    await keyward.roles.save({ appid: "r", name: "R", permissions: [] });
    await keyward.keys.create({ role: "r" });
    expect(calls).toEqual(["hash"]);
  });

  it("honours a custom superRole, exactly", async () => {
    const keyward = createKeyward({ store: memoryStore(), superRole: "root" });
    await keyward.roles.save({ appid: "admin", name: "Not special here", permissions: [] });
    const root = await keyward.keys.create({ role: "root" });
    const admin = await keyward.keys.create({ role: "admin" });
    const rootResult = await keyward.authenticate(root.key);
    const adminResult = await keyward.authenticate(admin.key);
    expect(rootResult.ok && rootResult.principal.can("anything/at/all")).toBe(true);
    expect(adminResult.ok && adminResult.principal.can("anything/at/all")).toBe(false);
  });
});
