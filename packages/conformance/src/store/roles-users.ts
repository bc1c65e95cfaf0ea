import { createKeyward } from "@keyward/core";
import { describe, expect, it } from "vitest";
import { seededKeyward } from "./fixtures";
import type { ConformanceHarness } from "./harness";

// Ids that are special somewhere: prototype names in JavaScript objects, mixed case and signs that
// a locale-aware collation would order differently from a binary one.
const TRICKY_IDS = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "Zeta",
  "alpha",
  "a.b",
  "a-b",
  "_x",
];

/** The order the stores must list by: UTF-16 code units, as `memoryStore()` does (binary collation). */
function binarySorted(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Roles and users: save (insert or replace), get, list ordered by id, delete, at the store level
 * and through keyward.
 * @param h - the harness
 */
export function describeRolesAndUsers(h: ConformanceHarness): void {
  describe("roles", () => {
    it("saves, replaces, gets and deletes roles, with permissions in order", async () => {
      const store = await h.fresh();
      expect(await store.getRole("editor")).toBeNull();
      await store.saveRole({ appid: "editor", name: "Editor", permissions: ["b/*", "a/**", "!a/x"] });
      expect(await store.getRole("editor")).toEqual({
        appid: "editor",
        name: "Editor",
        permissions: ["b/*", "a/**", "!a/x"],
      });
      await store.saveRole({ appid: "editor", name: "Éditeur “2”", permissions: [] });
      expect(await store.getRole("editor")).toEqual({
        appid: "editor",
        name: "Éditeur “2”",
        permissions: [],
      });
      expect(await store.listRoles()).toHaveLength(1);
      expect(await store.deleteRole("editor")).toBe(true);
      expect(await store.deleteRole("editor")).toBe(false);
      expect(await store.getRole("editor")).toBeNull();
    });

    it("lists roles ordered by appid (binary order), prototype names included", async () => {
      const store = await h.fresh();
      for (const appid of ["__proto__", "constructor", "toString"])
        expect(await store.getRole(appid)).toBeNull();
      for (const appid of TRICKY_IDS)
        await store.saveRole({ appid, name: `Role ${appid}`, permissions: [appid] });
      expect((await store.listRoles()).map((role) => role.appid)).toEqual(binarySorted(TRICKY_IDS));
      expect(await store.getRole("__proto__")).toEqual({
        appid: "__proto__",
        name: "Role __proto__",
        permissions: ["__proto__"],
      });
      expect(await store.deleteRole("constructor")).toBe(true);
      expect(await store.getRole("constructor")).toBeNull();
      expect(await store.listRoles()).toHaveLength(TRICKY_IDS.length - 1);
    });

    it("authenticates app keys whose role is named __proto__ or constructor", async () => {
      const store = await h.fresh();
      const keyward = createKeyward({ store });
      await keyward.roles.save({ appid: "__proto__", name: "Proto", permissions: ["content/posts/read"] });
      await keyward.roles.save({ appid: "constructor", name: "Ctor", permissions: ["content/*/update"] });
      const proto = await keyward.keys.create({ role: "__proto__" });
      const ctor = await keyward.keys.create({ role: "constructor" });
      const a = await keyward.authenticate(proto.key);
      const b = await keyward.authenticate(ctor.key);
      expect(a.ok && a.principal.can("content/posts/read")).toBe(true);
      expect(a.ok && a.principal.can("content/posts/update")).toBe(false);
      expect(b.ok && b.principal.can("content/pages/update")).toBe(true);
      expect(b.ok && b.principal.can("content/posts/read")).toBe(false);
      expect((await keyward.roles.list()).map((role) => role.appid)).toEqual(["__proto__", "constructor"]);
    });
  });

  describe("users", () => {
    it("saves, replaces, gets and deletes users, keeping active false", async () => {
      const store = await h.fresh();
      expect(await store.getUser("alice")).toBeNull();
      await store.saveUser({ id: "alice", role: "editor", active: true });
      await store.saveUser({ id: "alice", role: "viewer", active: false });
      expect(await store.getUser("alice")).toEqual({ id: "alice", role: "viewer", active: false });
      expect(await store.listUsers()).toEqual([{ id: "alice", role: "viewer", active: false }]);
      expect(await store.deleteUser("alice")).toBe(true);
      expect(await store.deleteUser("alice")).toBe(false);
      expect(await store.getUser("alice")).toBeNull();
    });

    it("lists users ordered by id (binary order), prototype names included", async () => {
      const store = await h.fresh();
      expect(await store.getUser("__proto__")).toBeNull();
      for (const id of TRICKY_IDS) await store.saveUser({ id, role: "editor", active: id !== "Zeta" });
      const users = await store.listUsers();
      expect(users.map((user) => user.id)).toEqual(binarySorted(TRICKY_IDS));
      expect(users.find((user) => user.id === "Zeta")?.active).toBe(false);
      expect(await store.getUser("__proto__")).toEqual({ id: "__proto__", role: "editor", active: true });
    });

    it("through keyward: an inactive owner's key is inactive, a removed owner's keys are revoked", async () => {
      const store = await h.fresh();
      const keyward = await seededKeyward(store);
      const { key, record } = await keyward.keys.create({ userId: "alice" });
      await keyward.users.save({ id: "alice", role: "editor", active: false });
      expect(await keyward.authenticate(key)).toEqual({
        ok: false,
        reason: "inactive",
        detail: "owner_inactive",
      });
      await keyward.users.remove("alice");
      expect(await keyward.users.get("alice")).toBeNull();
      expect((await keyward.keys.get(record.id))?.revokedAt).toBeInstanceOf(Date);
      await keyward.users.save({ id: "alice", role: "editor", active: true });
      expect(await keyward.authenticate(key)).toEqual({ ok: false, reason: "invalid", detail: "revoked" });
    });
  });
}
