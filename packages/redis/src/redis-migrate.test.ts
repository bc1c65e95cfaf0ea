import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import { createKeyward, memoryStore } from "@keyward/core";
import { expect, it } from "vitest";
import { useHarness } from "../test/harness";
import { DRIVERS, dumpPrefix, SKIP_REASON } from "../test/redis-fixtures";
import { writeVersion1 } from "../test/version-1-data";
import { taggedPrefix } from "./hash-tag";

const use = useHarness();

/** A deployment of version 1: keys of every state, roles, a user and the public role, in memory. */
async function version1World() {
  const memory = memoryStore();
  const keyward = await seededKeyward(memory);
  await keyward.settings.setPublicRole("editor");
  const user = await keyward.keys.create({
    userId: "alice",
    name: "ci",
    permissions: ["content/posts/read"],
  });
  const app = await keyward.keys.create({ role: "editor", name: "website" });
  const revoked = await keyward.keys.create({ userId: "alice" });
  await keyward.keys.revoke(revoked.record.id);
  const refreshed = await keyward.keys.create({ userId: "alice" });
  const next = await keyward.keys.refresh(refreshed.record.id);
  return { memory, user, app, revoked, refreshed, next };
}

async function untaggedKeys(client: { scan(match: string): AsyncGenerator<string[]> }, prefix: string) {
  const found: string[] = [];
  for await (const keys of client.scan(`${prefix}*`)) found.push(...keys);
  return found;
}

for (const driver of DRIVERS) {
  describeOrSkip(`redisStore (${driver.name}): migrate() from data layout version 1`, SKIP_REASON, () => {
    it("moves version-1 data under the hash tag; old keys work, revoked and refreshed ones stay dead", async () => {
      const c = await use.client(driver);
      const p = use.prefix(c);
      const world = await version1World();
      await writeVersion1(c, p, world.memory);
      const store = c.store({ prefix: p, warn: () => {} });
      const keyward = createKeyward({ store });
      // Not migrated yet: this release finds nothing, and refuses the key (never the public role).
      expect(await keyward.authenticate(world.user.key)).toMatchObject({ ok: false, reason: "invalid" });

      await store.migrate();
      // Every field as written, before authentication notes a use.
      for (const { record } of [world.user, world.app, world.revoked, world.refreshed]) {
        expect(await store.getKey(record.id)).toEqual(await world.memory.getKey(record.id));
      }
      for (const key of [world.user.key, world.app.key, world.next.key]) {
        expect((await keyward.authenticate(key)).ok).toBe(true);
      }
      for (const key of [world.revoked.key, world.refreshed.key]) {
        expect((await keyward.authenticate(key)).ok).toBe(false);
      }
      expect(await keyward.keys.get(world.revoked.record.id)).toMatchObject({ revokedAt: expect.any(Date) });
      const ids = (keys: { id: string }[]) => keys.map((key) => key.id);
      expect(ids(await keyward.keys.list({ userId: "alice" }))).toEqual(
        ids(await world.memory.listKeys({ userId: "alice" })),
      );
      expect(ids(await keyward.keys.list({ role: "editor" }))).toEqual([world.app.record.id]);
      expect(await keyward.roles.list()).toEqual(await world.memory.listRoles());
      expect(await keyward.users.list()).toEqual(await world.memory.listUsers());
      expect(await keyward.settings.getPublicRole()).toBe("editor");
      expect(await untaggedKeys(c, p)).toEqual([]);
      expect(await c.command(["GET", `${taggedPrefix(p, "test")}schema-version`])).toBe("2");

      // The insertion counter moved too: a key made now lists after the migrated ones.
      const later = await keyward.keys.create({ userId: "alice" });
      expect(ids(await keyward.keys.list({ userId: "alice" })).at(-1)).toBe(later.record.id);
      const dump = await dumpPrefix(c, p);
      await store.migrate();
      expect(await dumpPrefix(c, p)).toBe(dump);
    });

    it("moves every record exactly once when two processes migrate at once", async () => {
      const c = await use.client(driver);
      const p = use.prefix(c);
      const memory = memoryStore();
      const source = await seededKeyward(memory);
      // More than one HSCAN page (200) of the id index.
      const made = [];
      for (let i = 0; i < 450; i++) made.push(await source.keys.create({ userId: "alice" }));
      await writeVersion1(c, p, memory);
      const other = await use.client(driver);
      const stores = [c.store({ prefix: p, warn: () => {} }), other.store({ prefix: p, warn: () => {} })];
      await Promise.all(stores.map((store) => store.migrate()));
      const keyward = createKeyward({ store: stores[0]! });
      const listed = await keyward.keys.list({ userId: "alice" });
      expect(listed.map((key) => key.id)).toEqual(made.map((key) => key.record.id));
      for (const { key } of [made[0]!, made[449]!]) expect((await keyward.authenticate(key)).ok).toBe(true);
      expect(await untaggedKeys(c, p)).toEqual([]);
    }, 60_000);

    it("keeps the names of a prefix that already holds a hash tag, and only raises the version", async () => {
      const c = await use.client(driver);
      const p = `{${use.prefix(c)}}:`;
      use.defer(async () => {
        for await (const keys of c.scan(`${p}*`)) await c.command(["UNLINK", ...keys]);
      });
      const world = await version1World();
      await writeVersion1(c, p, world.memory);
      const before = await dumpPrefix(c, p);
      const store = c.store({ prefix: p, warn: () => {} });
      await store.migrate();
      expect(await c.command(["GET", `${p}schema-version`])).toBe("2");
      expect(await dumpPrefix(c, p)).toBe(before.replace(/(schema-version string )"1"/, '$1"2"'));
      expect((await createKeyward({ store }).authenticate(world.user.key)).ok).toBe(true);
    });
  });
}
