import type { KeywardStore, Role, User } from "@keyward/core";
import { describe, expect, it } from "vitest";
import { skipOrFail } from "../skip-policy";
import { appKey, userKey } from "./fixtures";
import type { ConformanceHarness } from "./harness";

const EDITOR: Role = { appid: "editor", name: "Editor", permissions: ["content/posts/read"] };
const BOT: Role = { appid: "bot", name: "Bot", permissions: ["content/*/read"] };
const ALICE: User = { id: "alice", role: "editor", active: true };
/** Why these tests skip a store: `lookupKey` is optional (core falls back to three reads). */
const NO_LOOKUP = "the store has no lookupKey";

async function seeded(h: ConformanceHarness): Promise<KeywardStore> {
  const store = await h.fresh();
  await store.saveRole(EDITOR);
  await store.saveRole(BOT);
  await store.saveUser(ALICE);
  return store;
}

/**
 * `lookupKey`, for stores that implement it: one read that must say exactly what
 * `findKeyByHash` + `getUser` + `getRole` say. Skipped for stores without it (a failure with
 * `CI=true` unless allowed).
 * @param h - the harness
 */
export function describeKeyLookup(h: ConformanceHarness): void {
  describe("lookupKey (optional one-read lookup)", () => {
    it("returns a user key with its owner and the owner's role", async (context) => {
      const store = await seeded(h);
      if (store.lookupKey === undefined) skipOrFail(context, NO_LOOKUP);
      const key = userKey({ userId: "alice" });
      await store.insertKey(key);
      expect(await store.lookupKey(key.hash)).toEqual({ key, user: ALICE, role: EDITOR });
    });

    it("returns an app key with its own role and no user", async (context) => {
      const store = await seeded(h);
      if (store.lookupKey === undefined) skipOrFail(context, NO_LOOKUP);
      const key = appKey({ role: "bot" });
      await store.insertKey(key);
      expect(await store.lookupKey(key.hash)).toEqual({ key, user: null, role: BOT });
    });

    it("says null for an owner or role that does not exist, and for an unknown hash", async (context) => {
      const store = await seeded(h);
      if (store.lookupKey === undefined) skipOrFail(context, NO_LOOKUP);
      const orphan = userKey({ userId: "ghost" });
      const roleless = appKey({ role: "gone" });
      await store.saveUser({ id: "nobody", role: "missing", active: false });
      const noRole = userKey({ userId: "nobody" });
      for (const key of [orphan, roleless, noRole]) await store.insertKey(key);
      expect(await store.lookupKey(orphan.hash)).toEqual({ key: orphan, user: null, role: null });
      expect(await store.lookupKey(roleless.hash)).toEqual({ key: roleless, user: null, role: null });
      expect(await store.lookupKey(noRole.hash)).toEqual({
        key: noRole,
        user: { id: "nobody", role: "missing", active: false },
        role: null,
      });
      expect(await store.lookupKey("f".repeat(64))).toBeNull();
    });

    it("sees a refreshed secret, a revocation and a role change at once", async (context) => {
      const store = await seeded(h);
      if (store.lookupKey === undefined) skipOrFail(context, NO_LOOKUP);
      const key = userKey({ userId: "alice" });
      await store.insertKey(key);
      const next = { hash: "a".repeat(64), start: "USR-aaaaaaaa" };
      expect(await store.swapKeySecret(key.id, key.hash, next)).toBe(true);
      expect(await store.lookupKey(key.hash)).toBeNull();
      await store.saveRole({ ...EDITOR, permissions: ["other"] });
      const found = await store.lookupKey(next.hash);
      expect(found?.role?.permissions).toEqual(["other"]);
      const revokedAt = new Date("2024-03-05T07:08:10.000Z");
      await store.revokeKey(key.id, revokedAt);
      expect((await store.lookupKey(next.hash))?.key.revokedAt).toEqual(revokedAt);
    });
  });
}
