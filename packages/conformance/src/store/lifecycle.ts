import { describe, expect, it } from "vitest";
import { errorOf, seededKeyward, T0, testClock } from "./fixtures";
import type { ConformanceHarness } from "./harness";

/**
 * The key lifecycle through `createKeyward({ store })`: create, authenticate, refresh, revoke,
 * expire, list, import, touch.
 * @param h - the harness
 */
export function describeKeyLifecycle(h: ConformanceHarness): void {
  describe("key lifecycle through keyward", () => {
    it("creates user and app keys that authenticate with the right principal", async () => {
      const store = await h.fresh();
      const keyward = await seededKeyward(store);
      await keyward.roles.save({ appid: "reader", name: "Reader", permissions: ["content/*/read"] });
      const user = await keyward.keys.create({ userId: "alice", name: "laptop" });
      const app = await keyward.keys.create({ role: "reader", permissions: ["content/posts/read"] });
      expect(await keyward.keys.get(user.record.id)).toEqual(user.record);
      const u = await keyward.authenticate(user.key);
      const a = await keyward.authenticate(app.key);
      expect(u.ok && [u.principal.kind, u.principal.userId, u.principal.keyId, u.principal.role]).toEqual([
        "user",
        "alice",
        user.record.id,
        "editor",
      ]);
      expect(u.ok && u.principal.can("content/pages/update")).toBe(true);
      expect(a.ok && [a.principal.kind, a.principal.role]).toEqual(["app", "reader"]);
      expect(a.ok && a.principal.can("content/posts/read")).toBe(true);
      // The scope narrows: the role allows pages, the key does not.
      expect(a.ok && a.principal.can("content/pages/read")).toBe(false);
    });

    it("refresh: the old key stops working and the new one works, same id and fields", async () => {
      const store = await h.fresh();
      const keyward = await seededKeyward(store);
      const first = await keyward.keys.create({ userId: "alice", name: "ci", permissions: ["content/**"] });
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

    it("revoke: the key stops working, stays listed, cannot be refreshed; unknown ids are NOT_FOUND", async () => {
      const store = await h.fresh();
      const clock = testClock();
      const keyward = await seededKeyward(store, clock);
      const { key, record } = await keyward.keys.create({ userId: "alice" });
      clock.advance(1234);
      const revoked = await keyward.keys.revoke(record.id);
      expect(revoked.revokedAt?.getTime()).toBe(T0.getTime() + 1234);
      clock.advance(1000);
      expect((await keyward.keys.revoke(record.id)).revokedAt?.getTime()).toBe(T0.getTime() + 1234);
      expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "revoked" });
      expect((await keyward.keys.list({ userId: "alice" })).map((r) => r.id)).toEqual([record.id]);
      expect((await errorOf(() => keyward.keys.refresh(record.id))).code).toBe("CONFLICT");
      expect((await errorOf(() => keyward.keys.revoke(crypto.randomUUID()))).code).toBe("NOT_FOUND");
    });

    it("expiry: a key is invalid from its expiresAt on", async () => {
      const store = await h.fresh();
      const clock = testClock();
      const keyward = await seededKeyward(store, clock);
      const { key } = await keyward.keys.create({
        userId: "alice",
        expiresAt: new Date(T0.getTime() + 5000),
      });
      clock.advance(4999);
      expect((await keyward.authenticate(key)).ok).toBe(true);
      clock.advance(1);
      expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "expired" });
    });

    it("lists records oldest first, filtered by user or role", async () => {
      const store = await h.fresh();
      const clock = testClock();
      const keyward = await seededKeyward(store, clock);
      await keyward.users.save({ id: "bob", role: "editor", active: true });
      const ids: string[] = [];
      for (const owner of ["alice", "bob", "alice"]) {
        ids.push((await keyward.keys.create({ userId: owner })).record.id);
        clock.advance(10);
      }
      const app = await keyward.keys.create({ role: "editor" });
      expect((await keyward.keys.list()).map((r) => r.id)).toEqual([...ids, app.record.id]);
      expect((await keyward.keys.list({ userId: "alice" })).map((r) => r.id)).toEqual([ids[0], ids[2]]);
      expect((await keyward.keys.list({ role: "editor" })).map((r) => r.id)).toEqual([app.record.id]);
    });

    it("import: takes over an existing key once; importing it again is CONFLICT", async () => {
      const store = await h.fresh();
      const keyward = await seededKeyward(store);
      const key = `USR-${"ab12".repeat(10)}`;
      await keyward.keys.import({ key, userId: "alice" });
      expect((await keyward.authenticate(key)).ok).toBe(true);
      const error = await errorOf(() => keyward.keys.import({ key, userId: "alice" }));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).not.toContain(key.slice(4));
      expect(await keyward.keys.list()).toHaveLength(1);
    });

    it("records lastUsedAt when a key authenticates", async () => {
      const store = await h.fresh();
      const clock = testClock();
      const keyward = await seededKeyward(store, clock);
      const { key, record } = await keyward.keys.create({ userId: "alice" });
      expect(record.lastUsedAt).toBeNull();
      clock.advance(90_000);
      expect((await keyward.authenticate(key)).ok).toBe(true);
      // Touching is fire-and-forget in core, so an asynchronous store may finish it a little later.
      await expect
        .poll(async () => (await keyward.keys.get(record.id))?.lastUsedAt?.getTime() ?? null)
        .toBe(T0.getTime() + 90_000);
    });
  });
}
