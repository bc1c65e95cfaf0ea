import { describe, expect, it } from "vitest";
import { createKeyward } from "../../keyward";
import { memoryStore } from "../../memory-store";
import type { Principal } from "../../principal";
import type { HttpAnswer } from "../answers";
import { createManagementHandler } from "./handler";

// Every management permission must stop at the caller's own power: holding keyward/keys/manage or
// keyward/users/manage is not a way to become admin, and the public role never manages anything.
async function world() {
  const keyward = createKeyward({ store: memoryStore() });
  await keyward.roles.save({ appid: "issuer", name: "Key issuer", permissions: ["keyward/keys/manage"] });
  await keyward.roles.save({ appid: "hr", name: "HR", permissions: ["keyward/users/manage"] });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["**"] });
  await keyward.users.save({ id: "root", role: "admin", active: true });
  await keyward.users.save({ id: "ivy", role: "issuer", active: true });
  await keyward.users.save({ id: "hank", role: "hr", active: true });
  await keyward.users.save({ id: "eve", role: "editor", active: true });
  const principalOf = async (key: string | null): Promise<Principal> => {
    const result = await keyward.authenticate(key);
    if (!result.ok) throw new Error("no principal");
    return result.principal;
  };
  const keyOf = async (userId: string) => keyward.keys.create({ userId });
  const handler = createManagementHandler(keyward);
  const call = (
    principal: Principal | undefined,
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string> = {},
  ) => handler.handle({ principal, method, path, body, query });
  return { keyward, principalOf, keyOf, call };
}

const status = (answer: HttpAnswer) => answer.status;

describe("management authority", () => {
  it("does not let keyward/keys/manage mint, refresh or revoke keys of the super role", async () => {
    const { keyward, principalOf, keyOf, call } = await world();
    const ivy = await principalOf((await keyOf("ivy")).key);
    const root = await keyOf("root");
    expect(status(await call(ivy, "POST", "/keys", { role: "admin" }))).toBe(403);
    expect(status(await call(ivy, "POST", "/keys", { userId: "root" }))).toBe(403);
    expect(status(await call(ivy, "POST", `/keys/${root.record.id}/refresh`))).toBe(403);
    expect(status(await call(ivy, "DELETE", `/keys/${root.record.id}`))).toBe(403);
    expect((await keyward.authenticate(root.key)).ok).toBe(true);
    // What key management is for still works: keys for roles without management power.
    expect(status(await call(ivy, "POST", "/keys", { userId: "eve" }))).toBe(201);
    expect(status(await call(ivy, "POST", "/keys", { role: "editor" }))).toBe(201);
  });

  it("does not let keyward/users/manage promote anyone, itself included, past its own power", async () => {
    const { keyward, principalOf, keyOf, call } = await world();
    const hank = await principalOf((await keyOf("hank")).key);
    expect(status(await call(hank, "PUT", "/users/hank", { role: "admin" }))).toBe(403);
    expect(status(await call(hank, "PUT", "/users/eve", { role: "issuer" }))).toBe(403);
    expect(status(await call(hank, "PUT", "/users/root", { role: "editor" }))).toBe(403);
    expect(status(await call(hank, "DELETE", "/users/root"))).toBe(403);
    expect((await keyward.users.get("root"))?.role).toBe("admin");
    expect(status(await call(hank, "PUT", "/users/eve", { role: "editor", active: false }))).toBe(200);
  });

  it("lets an unscoped admin key do all of it, and not a scoped one", async () => {
    const { keyward, principalOf, call } = await world();
    const admin = await principalOf((await keyward.keys.create({ userId: "root" })).key);
    expect(status(await call(admin, "POST", "/keys", { role: "admin" }))).toBe(201);
    const scoped = await principalOf(
      (await keyward.keys.create({ userId: "root", permissions: ["keyward/keys/manage"] })).key,
    );
    expect(status(await call(scoped, "POST", "/keys", { role: "admin" }))).toBe(403);
    expect(status(await call(scoped, "POST", "/keys", { role: "editor" }))).toBe(201);
  });

  it("never lets the public principal manage, even with a public role of ** left in the store", async () => {
    const { keyward, principalOf, call } = await world();
    // setPublicRole refuses such a role now; data written before that rule still gets nowhere.
    await keyward.store.setPublicRole("public");
    const anonymous = await principalOf(null);
    // Such a role is not used at all: the anonymous principal holds nothing of it.
    expect(anonymous.can("keyward/keys/manage")).toBe(false);
    for (const [method, path, body] of [
      ["POST", "/keys", { role: "admin" }],
      ["GET", "/keys", undefined],
      ["PUT", "/settings/public-role", { role: null }],
      ["POST", "/me/keys/refresh", undefined],
    ] as const) {
      expect(status(await call(anonymous, method, path, body))).toBe(401);
    }
    expect(await keyward.keys.list()).toEqual([]);
  });
});

describe("/me/keys/refresh", () => {
  it("refuses a secret that was rotated since it authenticated (409), leaving the new one valid", async () => {
    const { keyward, principalOf, keyOf, call } = await world();
    const leaked = await keyOf("eve");
    const stale = await principalOf(leaked.key);
    const rotated = await keyward.keys.refresh(leaked.record.id);
    expect(status(await call(stale, "POST", "/me/keys/refresh"))).toBe(409);
    expect((await keyward.authenticate(rotated.key)).ok).toBe(true);
  });

  it("refuses scoped keys", async () => {
    const { keyward, principalOf, call } = await world();
    const scoped = await keyward.keys.create({ userId: "eve", permissions: ["content/posts/read"] });
    expect(status(await call(await principalOf(scoped.key), "POST", "/me/keys/refresh"))).toBe(403);
    expect((await keyward.authenticate(scoped.key)).ok).toBe(true);
  });
});

describe("keys pasted where an id belongs", () => {
  it("are refused without being echoed", async () => {
    const { keyward, principalOf, keyOf, call } = await world();
    const admin = await principalOf((await keyward.keys.create({ userId: "root" })).key);
    const { key } = await keyOf("eve");
    for (const answer of [
      await call(admin, "GET", `/keys/${key}`),
      await call(admin, "DELETE", `/keys/${key}`),
      await call(admin, "POST", `/keys/${key}/refresh`),
      await call(admin, "GET", "/keys", undefined, { userId: `${key}xyz` }),
    ]) {
      expect(answer.status).toBe(400);
      expect(answer.body).not.toContain(key.slice(4, 12));
    }
    await expect(keyward.keys.revoke(key)).rejects.toSatisfy(
      (error: Error) => !error.message.includes(key.slice(4, 12)),
    );
  });
});

describe("keys minted for another user by a key manager", () => {
  it("do not grow when the user is promoted later", async () => {
    const { keyward, principalOf, keyOf, call } = await world();
    await keyward.roles.save({ appid: "nobody", name: "Nobody", permissions: [] });
    await keyward.users.save({ id: "bob", role: "nobody", active: true });
    const ivy = await principalOf((await keyOf("ivy")).key);
    const minted = await call(ivy, "POST", "/keys", { userId: "bob" });
    expect(minted.status).toBe(201);
    const { key, record } = JSON.parse(minted.body ?? "{}") as {
      key: string;
      record: { permissions: string[] };
    };
    expect(record.permissions).toEqual([]);
    await keyward.users.save({ id: "bob", role: "admin", active: true });
    const bob = await principalOf(key);
    expect(bob.can("keyward/roles/manage")).toBe(false);
    expect(status(await call(bob, "PUT", "/roles/issuer", { name: "x", permissions: ["**"] }))).toBe(403);
  });

  it("may carry a scope within the user's role, not beyond it", async () => {
    const { principalOf, keyOf, call } = await world();
    const ivy = await principalOf((await keyOf("ivy")).key);
    const within = await call(ivy, "POST", "/keys", { userId: "eve", permissions: ["content/posts/read"] });
    expect(within.status).toBe(201);
    expect(status(await call(ivy, "POST", "/keys", { userId: "eve", permissions: ["**"] }))).toBe(403);
    expect(status(await call(ivy, "POST", "/keys", { userId: "eve", permissions: "x" }))).toBe(400);
  });

  it("are not frozen when an unscoped admin mints them, nor for the caller's own user", async () => {
    const { keyward, principalOf, keyOf, call } = await world();
    const root = await principalOf((await keyOf("root")).key);
    const byAdmin = await call(root, "POST", "/keys", { userId: "eve" });
    expect(JSON.parse(byAdmin.body ?? "{}").record.permissions).toBeNull();
    const ivy = await principalOf((await keyOf("ivy")).key);
    const own = await call(ivy, "POST", "/keys", { userId: "ivy" });
    expect(JSON.parse(own.body ?? "{}").record.permissions).toBeNull();
    expect(keyward.superRole).toBe("admin");
  });
});
