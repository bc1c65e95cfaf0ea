import { type KeyRecord as CoreRecord, createKeyward, memoryStore } from "@keyward/core";
import { describe, expect, it } from "vitest";
import type { KeyRecord } from "../api/types";
import { explainWithKey, explainWithoutKey, type World } from "./explain";

const PERMISSIONS = [
  "content/posts/read",
  "content/pages/create",
  "content/secret/read",
  "pages/menus/read",
  "keyward/keys/manage",
  "bad//name",
  "anything/at/all",
];

const json = (record: CoreRecord): KeyRecord => ({
  ...record,
  expiresAt: record.expiresAt?.toISOString() ?? null,
  createdAt: record.createdAt.toISOString(),
  lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
  revokedAt: record.revokedAt?.toISOString() ?? null,
});

/**
 * A keyward with every kind of key the playground can be asked about, and a clock to move past the
 * expiry of one of them.
 */
async function setUp(publicInherits: boolean) {
  let now = new Date("2030-01-01T00:00:00Z");
  const keyward = createKeyward({ store: memoryStore(), now: () => now, publicInherits });
  await keyward.roles.save({ appid: "admin", name: "Admin", permissions: ["**"] });
  await keyward.roles.save({
    appid: "editor",
    name: "Editor",
    permissions: ["content/*/read", "content/*/create", "!content/secret/*"],
  });
  await keyward.roles.save({
    appid: "public",
    name: "Public",
    permissions: ["content/posts/read", "pages/menus/read"],
  });
  await keyward.roles.save({ appid: "keymaster", name: "Keys", permissions: ["keyward/keys/manage"] });
  await keyward.settings.setPublicRole("public");
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  await keyward.users.save({ id: "bob", role: "editor", active: false });
  await keyward.roles.save({ appid: "ghost", name: "Deleted below", permissions: ["content/**"] });
  await keyward.users.save({ id: "carol", role: "ghost", active: true });
  await keyward.users.save({ id: "dave", role: "admin", active: true });
  await keyward.users.save({ id: "kim", role: "keymaster", active: true });
  const issued = {
    alice: await keyward.keys.create({ userId: "alice" }),
    aliceScoped: await keyward.keys.create({ userId: "alice", permissions: ["content/posts/*"] }),
    aliceDenyScope: await keyward.keys.create({
      userId: "alice",
      permissions: ["content/**", "!content/pages/create"],
    }),
    bob: await keyward.keys.create({ userId: "bob" }),
    carol: await keyward.keys.create({ userId: "carol" }),
    dave: await keyward.keys.create({ userId: "dave" }),
    daveScoped: await keyward.keys.create({ userId: "dave", permissions: ["pages/**"] }),
    kim: await keyward.keys.create({ userId: "kim" }),
    appEditor: await keyward.keys.create({ role: "editor" }),
    appAdmin: await keyward.keys.create({ role: "admin" }),
    revoked: await keyward.keys.create({ userId: "alice" }),
    expiring: await keyward.keys.create({ userId: "alice", expiresAt: new Date("2030-01-01T01:00:00Z") }),
  };
  await keyward.keys.revoke(issued.revoked.record.id);
  // Carol keeps a role that no longer exists: her key must grant nothing.
  await keyward.roles.remove("ghost");
  now = new Date("2030-01-01T02:00:00Z");
  const world: World = {
    roles: await keyward.roles.list(),
    publicRole: await keyward.settings.getPublicRole(),
    superRole: keyward.superRole,
    publicInherits,
    now,
  };
  return { keyward, issued, world };
}

describe.each([false, true])("the playground's explanation, publicInherits %s", (publicInherits) => {
  it("allows and denies exactly what the server does, for every kind of key and without one", async () => {
    const { keyward, issued, world } = await setUp(publicInherits);
    for (const [name, { key, record }] of Object.entries(issued)) {
      const stored = (await keyward.keys.get(record.id))!;
      const owner = stored.userId === null ? null : await keyward.users.get(stored.userId);
      const auth = await keyward.authenticate(key);
      for (const permission of PERMISSIONS) {
        const local = explainWithKey(world, json(stored), owner, permission);
        const server = auth.ok ? auth.principal.explain(permission) : null;
        expect([name, permission, local.allowed], local.because).toEqual([
          name,
          permission,
          server?.allowed ?? false,
        ]);
        if (server === null) expect(local.status).toBe(401);
        else if (!server.allowed) expect(local.status).toBe(403);
        // The rule named is the server's (the super role and "no rule" name none).
        if (server?.pattern !== undefined) expect(local.because).toContain(`“${server.pattern}”`);
      }
    }
    const anonymous = await keyward.authenticate(null);
    for (const permission of PERMISSIONS) {
      const local = explainWithoutKey(world, permission);
      expect([permission, local.allowed]).toEqual([
        permission,
        anonymous.ok && anonymous.principal.can(permission),
      ]);
      if (!local.allowed) expect(local.status).toBe(401);
    }
  });
});

describe("explaining the refusals", () => {
  it.each([
    ["revoked", /revoked/],
    ["expiring", /expired/],
    ["bob", /inactive/],
  ] as const)("says why the %s key is refused before any rule", async (name, because) => {
    const { keyward, issued, world } = await setUp(false);
    const record = (await keyward.keys.get(issued[name].record.id))!;
    const owner = record.userId === null ? null : await keyward.users.get(record.userId);
    expect(explainWithKey(world, json(record), owner, "content/posts/read")).toMatchObject({
      allowed: false,
      status: 401,
      because: expect.stringMatching(because),
    });
  });

  it("names the rule, the missing role, the super role and the scope", async () => {
    const { keyward, issued, world } = await setUp(false);
    const explain = async (name: keyof typeof issued, permission: string) => {
      const record = (await keyward.keys.get(issued[name].record.id))!;
      const owner = record.userId === null ? null : await keyward.users.get(record.userId);
      return explainWithKey(world, json(record), owner, permission).because;
    };
    expect(await explain("alice", "content/posts/read")).toBe(
      "rule “content/*/read” of role “editor” allows it",
    );
    expect(await explain("alice", "content/secret/read")).toBe(
      "rule “!content/secret/*” of role “editor” denies it",
    );
    expect(await explain("carol", "content/posts/read")).toBe(
      "role “ghost” does not exist, so it grants nothing",
    );
    expect(await explain("dave", "anything/at/all")).toBe("role “admin” is the super role");
    expect(await explain("aliceScoped", "content/pages/read")).toBe(
      "the role allows it but the key's scope does not include it",
    );
    expect(await explain("aliceDenyScope", "content/pages/create")).toBe(
      "the role allows it but the key's scope denies it with “!content/pages/create”",
    );
  });

  it("refuses everything without a key when no public role is set, or when it would manage keyward", () => {
    const world: World = {
      roles: [{ appid: "leaky", name: "Leaky", permissions: ["**"] }],
      publicRole: null,
      superRole: "admin",
      publicInherits: false,
      now: new Date(),
    };
    expect(explainWithoutKey(world, "content/posts/read")).toMatchObject({
      allowed: false,
      status: 401,
      because: "no public role is set, so a request without a key is refused",
    });
    expect(explainWithoutKey({ ...world, publicRole: "leaky" }, "content/posts/read")).toMatchObject({
      allowed: false,
      because: expect.stringContaining("would manage keyward"),
    });
  });
});
