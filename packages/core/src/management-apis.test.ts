import { beforeEach, describe, expect, it } from "vitest";
import { createKeyward, type Keyward, memoryStore } from "./index";

let keyward: Keyward;
beforeEach(() => {
  keyward = createKeyward({ store: memoryStore() });
});

describe("roles", () => {
  it("saves, replaces, lists in appid order and removes", async () => {
    await keyward.roles.save({ appid: "zeta", name: "Z", permissions: [] });
    await keyward.roles.save({ appid: "alpha", name: "A", permissions: ["x"] });
    await keyward.roles.save({ appid: "alpha", name: "A2", permissions: ["y"] });
    expect(await keyward.roles.list()).toEqual([
      { appid: "alpha", name: "A2", permissions: ["y"] },
      { appid: "zeta", name: "Z", permissions: [] },
    ]);
    await keyward.roles.remove("zeta");
    expect(await keyward.roles.get("zeta")).toBeNull();
    await expect(keyward.roles.remove("zeta")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("treats __proto__ and constructor as ordinary appids", async () => {
    await keyward.roles.save({ appid: "__proto__", name: "Proto", permissions: ["p"] });
    expect(await keyward.roles.get("__proto__")).toEqual({
      appid: "__proto__",
      name: "Proto",
      permissions: ["p"],
    });
    expect(await keyward.roles.get("constructor")).toBeNull();
    expect(await keyward.roles.get("toString")).toBeNull();
  });

  it("does not share the caller's permissions array", async () => {
    const permissions = ["a"];
    await keyward.roles.save({ appid: "r", name: "R", permissions });
    permissions.push("b");
    expect((await keyward.roles.get("r"))?.permissions).toEqual(["a"]);
  });

  it.each([
    [{ appid: "", name: "X", permissions: [] }, /appid/],
    [{ appid: "has space", name: "X", permissions: [] }, /appid/],
    [{ appid: "ok", name: "", permissions: [] }, /name/],
    [{ appid: "ok", name: "X" }, /permissions must be an array/],
    [{ appid: "ok", name: "X", permissions: [1] }, /permissions contains an invalid pattern/],
  ])("rejects %j with INVALID_ARGUMENT naming the field", async (role, message) => {
    await expect(keyward.roles.save(role as never)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(message),
    });
  });

  it("refuses to remove the public role while it is set", async () => {
    await keyward.roles.save({ appid: "public", name: "Public", permissions: [] });
    await keyward.settings.setPublicRole("public");
    await expect(keyward.roles.remove("public")).rejects.toMatchObject({ code: "CONFLICT" });
    await keyward.settings.setPublicRole(null);
    await keyward.roles.remove("public");
  });
});

describe("users", () => {
  beforeEach(async () => {
    await keyward.roles.save({ appid: "editor", name: "Editor", permissions: [] });
    await keyward.roles.save({ appid: "public", name: "Public", permissions: [] });
  });

  it("saves with active defaulting to true, lists by id and removes", async () => {
    await keyward.users.save({ id: "bob", role: "editor" } as never);
    await keyward.users.save({ id: "alice", role: "admin", active: false });
    expect(await keyward.users.list()).toEqual([
      { id: "alice", role: "admin", active: false },
      { id: "bob", role: "editor", active: true },
    ]);
    await keyward.users.remove("bob");
    expect(await keyward.users.get("bob")).toBeNull();
    await expect(keyward.users.remove("bob")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("names the known roles when the role is unknown", async () => {
    await expect(keyward.users.save({ id: "x", role: "edtor", active: true })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: 'Unknown role "edtor" — known roles: admin, editor, public',
    });
  });

  it("rejects a non-boolean active", async () => {
    await expect(
      keyward.users.save({ id: "x", role: "editor", active: "yes" } as never),
    ).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringContaining("active"),
    });
  });

  it("revokes the user's keys when the user is removed", async () => {
    await keyward.users.save({ id: "carol", role: "editor", active: true });
    const { record } = await keyward.keys.create({ userId: "carol" });
    await keyward.users.remove("carol");
    expect((await keyward.keys.get(record.id))?.revokedAt).toBeInstanceOf(Date);
  });
});

describe("settings.publicRole", () => {
  it("starts unset, can be set to an existing role and switched off", async () => {
    expect(await keyward.settings.getPublicRole()).toBeNull();
    await keyward.roles.save({ appid: "public", name: "Public", permissions: [] });
    await keyward.settings.setPublicRole("public");
    expect(await keyward.settings.getPublicRole()).toBe("public");
    await keyward.settings.setPublicRole(null);
    expect(await keyward.settings.getPublicRole()).toBeNull();
  });

  it("refuses unknown roles and the super role", async () => {
    await expect(keyward.settings.setPublicRole("ghost")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(keyward.settings.setPublicRole("admin")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(keyward.settings.setPublicRole(undefined as never)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });
});
