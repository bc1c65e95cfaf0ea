import { describe, expect, it } from "vitest";
import { appKey, at, errorOf, T0, userKey } from "./fixtures";
import type { ConformanceHarness } from "./harness";

/**
 * Key storage at the store level: insert, lookups, uniqueness, listing, revocation, touch and the
 * exact round-trip of every field.
 * @param h - the harness
 */
export function describeKeyStorage(h: ConformanceHarness): void {
  describe("keys", () => {
    it("finds an inserted key by hash and by id, with every field unchanged", async () => {
      const store = await h.fresh();
      const key = userKey({ name: "CI deploy — “quoted” 'x'", permissions: ["content/posts/read"] });
      await store.insertKey(key);
      expect(await store.findKeyByHash(key.hash)).toEqual(key);
      expect(await store.getKey(key.id)).toEqual(key);
    });

    it("answers null for an unknown hash or id", async () => {
      const store = await h.fresh();
      await store.insertKey(userKey());
      expect(await store.findKeyByHash("0".repeat(64))).toBeNull();
      expect(await store.getKey(crypto.randomUUID())).toBeNull();
      expect(await store.getKey("__proto__")).toBeNull();
    });

    it("round-trips dates to the millisecond, and null dates as null", async () => {
      const store = await h.fresh();
      const key = userKey({
        createdAt: new Date("1999-12-31T23:59:59.999Z"),
        expiresAt: new Date("2100-01-01T00:00:00.001Z"),
        lastUsedAt: at(1),
        revokedAt: at(7),
      });
      const plain = userKey();
      await store.insertKey(key);
      await store.insertKey(plain);
      const found = await store.getKey(key.id);
      expect(found?.createdAt).toBeInstanceOf(Date);
      expect(found?.createdAt.getTime()).toBe(key.createdAt.getTime());
      expect(found?.expiresAt?.getTime()).toBe(key.expiresAt?.getTime());
      expect(found?.lastUsedAt?.getTime()).toBe(key.lastUsedAt?.getTime());
      expect(found?.revokedAt?.getTime()).toBe(key.revokedAt?.getTime());
      const other = await store.getKey(plain.id);
      expect(other?.expiresAt).toBeNull();
      expect(other?.lastUsedAt).toBeNull();
      expect(other?.revokedAt).toBeNull();
    });

    it("keeps permissions null, empty and ordered lists distinct", async () => {
      const store = await h.fresh();
      const none = userKey({ permissions: null });
      const empty = userKey({ permissions: [] });
      const list = userKey({
        permissions: ["b/**", "a/*/read", "!a/secret/read", "__proto__", "constructor"],
      });
      for (const key of [none, empty, list]) await store.insertKey(key);
      expect((await store.getKey(none.id))?.permissions).toBeNull();
      expect((await store.getKey(empty.id))?.permissions).toEqual([]);
      expect((await store.findKeyByHash(list.hash))?.permissions).toEqual(list.permissions);
    });

    it("stores user keys and app keys with their owner fields", async () => {
      const store = await h.fresh();
      const user = userKey();
      const app = appKey({ name: "website" });
      await store.insertKey(user);
      await store.insertKey(app);
      expect(await store.getKey(user.id)).toMatchObject({ kind: "user", userId: "alice", role: null });
      expect(await store.getKey(app.id)).toMatchObject({ kind: "app", userId: null, role: "reader" });
    });

    it("rejects a duplicate hash with CONFLICT, without the hash in the message", async () => {
      const store = await h.fresh();
      const first = userKey();
      await store.insertKey(first);
      const error = await errorOf(() => store.insertKey(userKey({ hash: first.hash })));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).not.toContain(first.hash);
      expect(await store.findKeyByHash(first.hash)).toEqual(first);
      expect(await store.listKeys({})).toHaveLength(1);
    });

    it("rejects a duplicate id with CONFLICT and keeps the first key", async () => {
      const store = await h.fresh();
      const first = userKey();
      await store.insertKey(first);
      const second = userKey({ id: first.id });
      const error = await errorOf(() => store.insertKey(second));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).not.toContain(second.hash);
      expect(await store.getKey(first.id)).toEqual(first);
      expect(await store.findKeyByHash(second.hash)).toBeNull();
    });

    it("lists keys oldest first, filtered by user and role", async () => {
      const store = await h.fresh();
      const a3 = userKey({ createdAt: at(3000) });
      const a1 = userKey({ createdAt: at(1000) });
      const b2 = userKey({ userId: "bob", createdAt: at(2000) });
      const r4 = appKey({ role: "reader", createdAt: at(4000) });
      const w0 = appKey({ role: "writer", createdAt: at(0) });
      for (const key of [a3, r4, a1, w0, b2]) await store.insertKey(key);
      const ids = async (filter: { userId?: string; role?: string }) =>
        (await store.listKeys(filter)).map((key) => key.id);
      expect(await ids({})).toEqual([w0.id, a1.id, b2.id, a3.id, r4.id]);
      expect(await ids({ userId: "alice" })).toEqual([a1.id, a3.id]);
      expect(await ids({ userId: "bob" })).toEqual([b2.id]);
      expect(await ids({ role: "reader" })).toEqual([r4.id]);
      expect(await ids({ userId: "alice", role: "reader" })).toEqual([]);
      expect(await ids({ userId: "nobody" })).toEqual([]);
      expect((await store.listKeys({ userId: "alice" }))[0]).toEqual(a1);
    });

    it("revokes once: keeps the first revocation time, still finds the key, false for unknown ids", async () => {
      const store = await h.fresh();
      const key = userKey();
      await store.insertKey(key);
      expect(await store.revokeKey(key.id, at(1000))).toBe(true);
      expect(await store.revokeKey(key.id, at(5000))).toBe(true);
      expect((await store.getKey(key.id))?.revokedAt?.getTime()).toBe(at(1000).getTime());
      expect((await store.findKeyByHash(key.hash))?.revokedAt?.getTime()).toBe(at(1000).getTime());
      expect(await store.revokeKey(crypto.randomUUID(), at(1000))).toBe(false);
    });

    it("touches lastUsedAt without changing anything else, and ignores unknown ids", async () => {
      const store = await h.fresh();
      const key = userKey({ revokedAt: at(10) });
      await store.insertKey(key);
      await store.touchKey(key.id, at(60_000));
      expect(await store.getKey(key.id)).toEqual({ ...key, lastUsedAt: at(60_000) });
      await store.touchKey(crypto.randomUUID(), at(60_000));
      expect(await store.listKeys({})).toHaveLength(1);
    });

    it("returns copies: mutating a returned record does not change what is stored", async () => {
      const store = await h.fresh();
      const key = userKey({ permissions: ["a/b"] });
      await store.insertKey(key);
      const found = await store.getKey(key.id);
      try {
        (found?.permissions as string[] | undefined)?.push("x/y");
        (found as { revokedAt: Date | null } | null)!.revokedAt = T0;
      } catch {
        // Frozen records throw in strict mode: equally fine.
      }
      expect(await store.getKey(key.id)).toEqual(key);
    });

    it("keeps its data across a second migrate()", async () => {
      const store = await h.fresh();
      const key = userKey();
      await store.insertKey(key);
      await store.migrate();
      expect(await store.getKey(key.id)).toEqual(key);
    });
  });
}
