import { describe, expect, it } from "vitest";
import { createKeyward } from "../../keyward";
import { memoryStore } from "../../memory-store";
import type { Principal } from "../../principal";
import { createManagementHandler } from "./handler";

// With publicInherits on, every key also gets the public role's permissions. Those are what anyone
// has without a key: they must never manage, nor count as power handed on.
async function world(publicPermissions: string[]) {
  const store = memoryStore();
  const keyward = createKeyward({ store, publicInherits: true });
  await keyward.roles.save({ appid: "nobody", name: "Nothing", permissions: [] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
  await keyward.roles.save({ appid: "wide", name: "Wide", permissions: ["keyward/**"] });
  await keyward.roles.save({ appid: "settings", name: "Settings", permissions: ["keyward/settings/manage"] });
  await keyward.roles.save({ appid: "issuer", name: "Issuer", permissions: ["keyward/keys/manage"] });
  await keyward.settings.setPublicRole("public");
  // A public role that holds management power can only exist through data written before the
  // rule that refuses it, or written to the store directly: simulate exactly that.
  await store.saveRole({ appid: "public", name: "Public", permissions: publicPermissions });
  for (const [id, role] of [
    ["nina", "nobody"],
    ["sam", "settings"],
    ["ivy", "issuer"],
    ["root", "admin"],
  ] as const) {
    await keyward.users.save({ id, role, active: true });
  }
  const handler = createManagementHandler(keyward);
  const principalOf = async (userId: string): Promise<Principal> => {
    const result = await keyward.authenticate((await keyward.keys.create({ userId })).key);
    if (!result.ok) throw new Error("no principal");
    return result.principal;
  };
  const call = async (principal: Principal, method: string, path: string, body?: unknown) =>
    (await handler.handle({ principal, method, path, body })).status;
  return { keyward, store, principalOf, call };
}

describe("publicInherits and the management API", () => {
  it.each([["**"], ["keyward/**"], ["keyward/*/manage"], ["keyward/roles/manage", "keyward/keys/manage"]])(
    "a key whose own role grants nothing cannot manage through a public role of %s",
    async (...publicPermissions) => {
      const { keyward, principalOf, call } = await world(publicPermissions);
      const nina = await principalOf("nina");
      // A public role that grants management (only possible through a race or direct store writes)
      // is not lent at all: nothing of it is inherited.
      expect(nina.can(publicPermissions[0]!.replace(/\*+/g, "x"))).toBe(false);
      expect(nina.can("keyward/keys/manage")).toBe(false);
      expect(await call(nina, "GET", "/roles")).toBe(403);
      expect(await call(nina, "PUT", "/roles/nobody", { name: "Nothing", permissions: ["**"] })).toBe(403);
      expect(await call(nina, "POST", "/keys", { role: "wide" })).toBe(403);
      expect(await call(nina, "PUT", "/users/nina", { role: "admin" })).toBe(403);
      expect(await call(nina, "PUT", "/settings/public-role", { role: null })).toBe(403);
      expect((await keyward.roles.get("nobody"))?.permissions).toEqual([]);
      expect((await keyward.users.get("nina"))?.role).toBe("nobody");
      expect(await keyward.settings.getPublicRole()).toBe("public");
    },
  );

  it("inherited management permissions do not count as power a key manager hands out", async () => {
    const { principalOf, call } = await world(["keyward/roles/manage"]);
    const ivy = await principalOf("ivy");
    // ivy may manage keys by her own role, but keyward/roles/manage is only inherited.
    expect(await call(ivy, "POST", "/keys", { role: "nobody" })).toBe(201);
    expect(await call(ivy, "POST", "/keys", { role: "wide" })).toBe(403);
  });
});

describe("a public role that grants management despite the rules", () => {
  it("is not used at all: a race between editing a role and making it public cannot open the API", async () => {
    const { keyward } = await world(["content/posts/read"]);
    await keyward.roles.save({ appid: "guest", name: "Guest", permissions: ["content/posts/read"] });
    // Both checks pass before either write lands.
    await Promise.allSettled([
      keyward.roles.save({
        appid: "guest",
        name: "Guest",
        permissions: ["content/**", "keyward/keys/manage"],
      }),
      keyward.settings.setPublicRole("guest"),
    ]);
    const anonymous = await keyward.authenticate(null);
    expect(anonymous.ok && anonymous.principal.can("keyward/keys/manage")).toBe(false);
    expect(anonymous.ok && anonymous.principal.can("content/posts/read")).toBe(false);
  });
});

describe("making a role public", () => {
  it("refuses a role that grants any management permission, through the API and in core", async () => {
    const { keyward, principalOf, call } = await world(["content/posts/read"]);
    const root = await principalOf("root");
    expect(await call(root, "PUT", "/settings/public-role", { role: "wide" })).toBe(400);
    expect(await call(root, "PUT", "/settings/public-role", { role: "settings" })).toBe(400);
    await expect(keyward.settings.setPublicRole("wide")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await keyward.settings.getPublicRole()).toBe("public");
  });

  it("refuses to give the current public role a management permission", async () => {
    const { keyward } = await world(["content/posts/read"]);
    await expect(
      keyward.roles.save({
        appid: "public",
        name: "Public",
        permissions: ["content/**", "keyward/keys/manage"],
      }),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((await keyward.roles.get("public"))?.permissions).toEqual(["content/posts/read"]);
    await keyward.settings.setPublicRole(null);
    await keyward.roles.save({ appid: "public", name: "Public", permissions: ["keyward/keys/manage"] });
  });

  it("needs a caller that holds everything the role grants", async () => {
    const { keyward, principalOf, call } = await world(["content/posts/read"]);
    await keyward.roles.save({ appid: "reader", name: "Reader", permissions: ["content/**"] });
    await keyward.roles.save({
      appid: "editor",
      name: "Editor",
      permissions: ["keyward/settings/manage", "content/**", "!content/secret/**"],
    });
    await keyward.roles.save({
      appid: "safe",
      name: "Safe",
      permissions: ["content/*/read", "!content/secret/*"],
    });
    await keyward.users.save({ id: "ed", role: "editor", active: true });
    const sam = await principalOf("sam");
    const ed = await principalOf("ed");
    // sam holds only keyward/settings/manage: making a content role public would lend it power.
    expect(await call(sam, "PUT", "/settings/public-role", { role: "reader" })).toBe(403);
    // ed holds content/** except content/secret/**: "reader" covers the secret, "safe" denies it too.
    expect(await call(ed, "PUT", "/settings/public-role", { role: "reader" })).toBe(403);
    expect(await call(ed, "PUT", "/settings/public-role", { role: "safe" })).toBe(200);
    expect(await keyward.settings.getPublicRole()).toBe("safe");
    // Switching the public API off takes no power over a role.
    expect(await call(sam, "PUT", "/settings/public-role", { role: null })).toBe(200);
    // The super role may make any role public that the rules allow.
    expect(await call(await principalOf("root"), "PUT", "/settings/public-role", { role: "reader" })).toBe(
      200,
    );
  });

  it("does not count a scope's missing permissions as held", async () => {
    const { keyward, call } = await world(["content/posts/read"]);
    await keyward.roles.save({ appid: "reader", name: "Reader", permissions: ["content/**"] });
    const scoped = await keyward.keys.create({
      userId: "root",
      permissions: ["keyward/settings/manage", "content/posts/read"],
    });
    const result = await keyward.authenticate(scoped.key);
    if (!result.ok) throw new Error("no principal");
    expect(await call(result.principal, "PUT", "/settings/public-role", { role: "reader" })).toBe(403);
  });
});
