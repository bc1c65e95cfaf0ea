import { describe, expect, it } from "vitest";
import { createKeyward, type Keyward, type KeywardOptions, memoryStore, type Principal } from "./index";
import type { KeywardStore } from "./store";

const EDITOR = ["content/posts/read", "content/*/update", "media/**", "!media/private/**"];
const PUBLIC = ["content/posts/list", "content/*/read"];

async function setup(options: Partial<KeywardOptions> = {}) {
  const store = memoryStore();
  const keyward = createKeyward({ store, ...options });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: EDITOR });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: PUBLIC });
  await keyward.settings.setPublicRole("public");
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  await keyward.users.save({ id: "root", role: keyward.superRole, active: true });
  return { store, keyward };
}

async function principalOf(keyward: Keyward, key: string | null): Promise<Principal> {
  const result = await keyward.authenticate(key);
  if (!result.ok) throw new Error(`expected a principal, got ${result.reason}`);
  return result.principal;
}

async function userKey(keyward: Keyward, userId: string, permissions?: string[]): Promise<Principal> {
  const issued = await keyward.keys.create(permissions === undefined ? { userId } : { userId, permissions });
  return principalOf(keyward, issued.key);
}

describe("principal of a user key", () => {
  it("can, canAll, canAny and explain follow the role's patterns, deny winning", async () => {
    const { keyward } = await setup();
    const alice = await userKey(keyward, "alice");
    expect(alice.kind).toBe("user");
    expect(alice.can("content/posts/read")).toBe(true);
    expect(alice.can("content/pages/update")).toBe(true);
    expect(alice.can("content/pages/read")).toBe(false);
    expect(alice.can("media/a/b")).toBe(true);
    expect(alice.can("media/private/a")).toBe(false);
    expect(alice.canAll(["content/posts/read", "media/x"])).toBe(true);
    expect(alice.canAll(["content/posts/read", "media/private/x"])).toBe(false);
    expect(alice.canAll([])).toBe(true);
    expect(alice.canAny(["nope", "media/x"])).toBe(true);
    expect(alice.canAny(["nope", "media/private/x"])).toBe(false);
    expect(alice.canAny([])).toBe(false);
    expect(alice.explain("content/pages/update")).toEqual({
      allowed: true,
      by: "pattern",
      pattern: "content/*/update",
    });
    expect(alice.explain("media/private/a")).toEqual({
      allowed: false,
      by: "deny",
      pattern: "!media/private/**",
    });
    expect(alice.explain("content/pages/read")).toEqual({ allowed: false, by: "no-match" });
  });

  it("answers false, never throws, for names that are not permissions", async () => {
    const { keyward } = await setup();
    const alice = await userKey(keyward, "alice");
    for (const odd of ["", "content//update", "content/*/update", " media/x", 42, null] as unknown[]) {
      expect(alice.can(odd as string)).toBe(false);
      expect(alice.explain(odd as string).allowed).toBe(false);
    }
  });

  it("sees a role's new patterns on the next authentication", async () => {
    const { keyward } = await setup();
    const { key } = await keyward.keys.create({ userId: "alice" });
    expect((await principalOf(keyward, key)).can("content/pages/read")).toBe(false);
    await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
    const after = await principalOf(keyward, key);
    expect(after.can("content/pages/read")).toBe(true);
    expect(after.can("media/x")).toBe(false);
  });

  it("keeps its grants out of JSON", async () => {
    const { keyward } = await setup();
    const alice = await userKey(keyward, "alice");
    expect(JSON.parse(JSON.stringify(alice))).toEqual({
      kind: "user",
      userId: "alice",
      keyId: alice.keyId,
      role: "editor",
    });
  });
});

describe("principal of an app key and the public principal", () => {
  it("an app key acts with its own role", async () => {
    const { keyward } = await setup();
    const { key } = await keyward.keys.create({ role: "editor", name: "ci" });
    const app = await principalOf(keyward, key);
    expect(app).toMatchObject({ kind: "app", userId: null, role: "editor" });
    expect(app.can("content/x/update")).toBe(true);
    expect(app.can("content/posts/list")).toBe(false);
  });

  it("no key acts with the public role", async () => {
    const { keyward } = await setup();
    const anonymous = await principalOf(keyward, null);
    expect(anonymous).toMatchObject({ kind: "public", userId: null, keyId: null, role: "public" });
    expect(anonymous.can("content/pages/read")).toBe(true);
    expect(anonymous.can("content/pages/update")).toBe(false);
    expect(anonymous.explain("content/pages/read")).toEqual({
      allowed: true,
      by: "pattern",
      pattern: "content/*/read",
    });
  });
});

describe("the super role", () => {
  it("may do every well-formed permission, and nothing malformed", async () => {
    const { keyward } = await setup();
    const root = await userKey(keyward, "root");
    expect(root.can("anything/at/all")).toBe(true);
    expect(root.canAll(["a", "b/c", "__proto__"])).toBe(true);
    expect(root.explain("x")).toEqual({ allowed: true, by: "superRole" });
    expect(root.can("a//b")).toBe(false);
    expect(root.can("")).toBe(false);
  });

  it("is matched exactly: Admin, ' admin', 'admin\\u200b' get nothing special", async () => {
    const { keyward, store } = await setup();
    await keyward.roles.save({ appid: "Admin", name: "Look-alike", permissions: [] });
    // Bypass validation: stored data may hold names the API would refuse.
    for (const appid of [" admin", "admin\u200b", "\u0430dmin"]) {
      await store.saveRole({ appid, name: "Look-alike", permissions: [] });
    }
    for (const role of ["Admin", " admin", "admin\u200b", "\u0430dmin"]) {
      await store.saveUser({ id: "mallory", role, active: true });
      const mallory = await userKey(keyward, "mallory");
      expect(mallory.can("anything")).toBe(false);
      expect(mallory.explain("anything")).toEqual({ allowed: false, by: "no-match" });
    }
  });

  it("honours a custom superRole, and then admin is an ordinary role", async () => {
    const { keyward } = await setup({ superRole: "root" });
    await keyward.roles.save({ appid: "admin", name: "Plain", permissions: ["a"] });
    await keyward.users.save({ id: "sam", role: "admin", active: true });
    expect((await userKey(keyward, "root")).can("z/z")).toBe(true);
    const plain = await userKey(keyward, "sam");
    expect(plain.can("a")).toBe(true);
    expect(plain.can("z/z")).toBe(false);
  });
});

describe("roles and permissions with prototype names", () => {
  it("grant nothing they do not list", async () => {
    const { keyward } = await setup();
    for (const appid of ["__proto__", "constructor", "toString"]) {
      await keyward.roles.save({ appid, name: "Odd", permissions: ["hasOwnProperty"] });
      await keyward.users.save({ id: `u-${appid}`, role: appid, active: true });
      const odd = await userKey(keyward, `u-${appid}`);
      expect(odd.can("hasOwnProperty")).toBe(true);
      for (const name of ["__proto__", "constructor", "toString", "valueOf", "content/posts/read"]) {
        expect(odd.can(name)).toBe(false);
      }
    }
  });
});

describe("scoped keys", () => {
  it("a read-only key can do only what both its role and its scope allow", async () => {
    const { keyward } = await setup();
    const readOnly = await userKey(keyward, "alice", ["content/*/read", "media/**", "!media/x/**"]);
    expect(readOnly.can("content/posts/read")).toBe(true);
    expect(readOnly.can("content/pages/update")).toBe(false);
    expect(readOnly.explain("content/pages/update")).toEqual({ allowed: false, by: "scope" });
    expect(readOnly.explain("media/x/y")).toEqual({ allowed: false, by: "scope", pattern: "!media/x/**" });
    expect(readOnly.can("media/y")).toBe(true);
    // The scope lists content/pages/read, the role does not: the scope adds nothing.
    expect(readOnly.can("content/pages/read")).toBe(false);
    expect(readOnly.explain("content/pages/read")).toEqual({ allowed: false, by: "no-match" });
  });

  it("a scope of ** adds nothing, and a scope narrows the super role too", async () => {
    const { keyward } = await setup();
    const wide = await userKey(keyward, "alice", ["**"]);
    expect(wide.can("content/pages/read")).toBe(false);
    expect(wide.can("content/posts/read")).toBe(true);
    const rootReader = await userKey(keyward, "root", ["content/*/read"]);
    expect(rootReader.can("content/x/read")).toBe(true);
    expect(rootReader.can("content/x/update")).toBe(false);
    expect(rootReader.explain("content/x/read")).toEqual({ allowed: true, by: "superRole" });
  });

  it("an empty scope allows nothing", async () => {
    const { keyward } = await setup();
    const nothing = await userKey(keyward, "alice", []);
    expect(nothing.can("content/posts/read")).toBe(false);
  });

  it("refuses an invalid scope when the key is created, naming it", async () => {
    const { keyward } = await setup();
    await expect(
      keyward.keys.create({ userId: "alice", permissions: ["content/**/read"] }),
    ).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: expect.stringMatching(/content\/\*\*\/read/),
    });
  });
});

describe("publicInherits", () => {
  it("is off by default, as in Cockpit: a key acts with its own role only", async () => {
    const { keyward } = await setup();
    const alice = await userKey(keyward, "alice");
    expect(alice.can("content/posts/list")).toBe(false);
  });

  it("when on, adds the public role's permissions to a key's role, still narrowed by a scope", async () => {
    const { keyward } = await setup({ publicInherits: true });
    const alice = await userKey(keyward, "alice");
    expect(alice.can("content/posts/list")).toBe(true);
    expect(alice.can("content/pages/read")).toBe(true);
    expect(alice.can("media/private/a")).toBe(false);
    expect(alice.explain("content/posts/list")).toEqual({
      allowed: true,
      by: "pattern",
      pattern: "content/posts/list",
      inherited: true,
    });
    const scoped = await userKey(keyward, "alice", ["content/posts/read"]);
    expect(scoped.can("content/posts/list")).toBe(false);
    expect(scoped.can("content/posts/read")).toBe(true);
  });

  it("when on, a user whose role is gone still gets nothing, and no public role means nothing to inherit", async () => {
    const { keyward, store } = await setup({ publicInherits: true });
    await store.saveUser({ id: "ghost", role: "deleted-role", active: true });
    const ghost = await userKey(keyward, "ghost");
    expect(ghost.can("content/posts/list")).toBe(false);
    await keyward.settings.setPublicRole(null);
    expect((await userKey(keyward, "alice")).can("content/posts/list")).toBe(false);
  });

  it("when on, a store failure while reading the public role is STORE_UNAVAILABLE, never a principal", async () => {
    const { keyward, store } = await setup({ publicInherits: true });
    const { key } = await keyward.keys.create({ userId: "alice" });
    const failing: KeywardStore = Object.assign(Object.create(store) as KeywardStore, {
      getPublicRole: () => Promise.reject(new Error("connection reset")),
    });
    const broken = createKeyward({ store: failing, publicInherits: true });
    await expect(broken.authenticate(key)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
  });
});
