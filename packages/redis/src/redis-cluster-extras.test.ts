import { describeOrSkip, raceRefreshesAcrossConnections, seededKeyward } from "@keyward/conformance";
import { createClient } from "redis";
import { describe, expect, it, vi } from "vitest";
import { aboutKey, cachedBy, type Instance, instance, seed } from "../test/bus-world";
import { useHarness } from "../test/harness";
import { DRIVERS, dumpPrefix, type TestClient, type TestDriver } from "../test/redis-fixtures";
import { CLUSTER_DRIVERS, CLUSTER_NODES, CLUSTER_SKIP_REASON } from "../test/shared-cluster";
import { taggedPrefix } from "./hash-tag";

const use = useHarness();

/**
 * `cachedBy`, tried again while a late message spoils it: the cluster forwards a PUBLISH to other
 * nodes asynchronously, so a change A published before B subscribed (the seed) may still reach B's
 * node afterwards and clear B's cache once.
 */
async function cachedOnCluster(a: Instance, b: Instance): Promise<{ key: string; id: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await cachedBy(a, b);
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** Sends one command to every node of the shared cluster directly (SCRIPT FLUSH, CONFIG). */
async function onEveryNode(args: string[]): Promise<void> {
  for (const { host, port } of CLUSTER_NODES) {
    const node = await createClient({ socket: { host, port } }).connect();
    try {
      await node.sendCommand(args);
    } finally {
      node.destroy();
    }
  }
}

async function taggedKeys(client: TestClient, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const keys of client.scan(`${taggedPrefix(prefix, "test")}*`)) found.push(...keys);
  return found;
}

// Each cluster driver with the same library's client of one node (the bus listens on one node).
const PAIRS: readonly [TestDriver, TestDriver][] = CLUSTER_DRIVERS.map((cluster, i) => [
  cluster,
  DRIVERS[i]!,
]);

for (const [driver, single] of PAIRS) {
  describeOrSkip(`redisStore (${driver.name}): one slot per store`, CLUSTER_SKIP_REASON, () => {
    it("writes every key of a store into one slot, and none under an untagged name", async () => {
      const c = await use.client(driver);
      const p = use.prefix(c);
      const store = c.store({ prefix: p, warn: () => {} });
      await store.migrate();
      const keyward = await seededKeyward(store);
      await keyward.settings.setPublicRole("editor");
      const user = await keyward.keys.create({ userId: "alice" });
      const app = await keyward.keys.create({ role: "editor" });
      await keyward.keys.refresh(user.record.id);
      await keyward.keys.revoke(app.record.id);
      expect((await keyward.keys.list({})).length).toBe(2);
      const keys = await taggedKeys(c, p);
      // Records, the id index, every sorted set, the counter, roles, users, settings, the version.
      expect(keys.length).toBeGreaterThanOrEqual(11);
      const slots = new Set(await Promise.all(keys.map((key) => c.command(["CLUSTER", "KEYSLOT", key]))));
      expect(slots.size).toBe(1);
      const untagged: string[] = [];
      for await (const found of c.scan(`${p}*`)) untagged.push(...found);
      expect(untagged).toEqual([]);
    });

    it("authenticates in one EVALSHA, and sends the script again to a node that forgot it", async () => {
      const c = await use.client(driver);
      const sent: string[] = [];
      const store = c.store({ prefix: use.prefix(c), warn: () => {}, onCommand: (name) => sent.push(name) });
      const now = new Date("2030-01-01T00:00:00.000Z");
      const keyward = await seededKeyward(store, { now: () => now });
      const { key, record } = await keyward.keys.create({ userId: "alice" });
      // Used just now, so authenticate has no usage timestamp to write: only the read is left.
      await store.touchKey(record.id, now);
      // The first lookup on the node serving this prefix's slot may be the one that loads the script.
      expect((await keyward.authenticate(key)).ok).toBe(true);
      sent.length = 0;
      expect((await keyward.authenticate(key)).ok).toBe(true);
      expect(sent).toEqual(["EVALSHA"]);
      // What a failover to a node that never ran the script looks like.
      await onEveryNode(["SCRIPT", "FLUSH"]);
      sent.length = 0;
      expect((await keyward.authenticate(key)).ok).toBe(true);
      expect(sent).toEqual(["EVALSHA", "EVAL"]);
    });

    it("migrate() warns once when the nodes run without append-only persistence", async () => {
      const c = await use.client(driver);
      const warn = vi.fn();
      const store = c.store({ prefix: use.prefix(c), warn });
      await store.migrate();
      await store.migrate();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/appendonly/);
    });

    it("migrate() refuses version-1 data (untagged names) on a cluster, naming the way out", async () => {
      const c = await use.client(driver);
      const p = use.prefix(c);
      await c.command(["SET", `${p}schema-version`, "1"]);
      await expect(c.store({ prefix: p, warn: () => {} }).migrate()).rejects.toMatchObject({
        code: "CONFLICT",
        message: expect.stringMatching(/single node/),
      });
    });

    it("lets one of 50 refreshes from 50 separate cluster clients win; the rest get CONFLICT", async () => {
      const c = await use.client(driver);
      const p = use.prefix(c);
      const keyward = await seededKeyward(c.store({ prefix: p, warn: () => {} }));
      const issued = await keyward.keys.create({ userId: "alice" });
      const won = await raceRefreshesAcrossConnections(keyward, issued, async () => {
        const store = (await use.client(driver)).store({ prefix: p, warn: () => {} });
        // An app instance that has served a request: connected to the master of the store's slot.
        await store.getPublicRole();
        return store;
      });
      expect(await dumpPrefix(c, p)).not.toContain(won.key.slice(4));
    }, 120_000);
  });

  describeOrSkip(`redisBus (${driver.name}): listening on one node`, CLUSTER_SKIP_REASON, () => {
    it("B, listening on another node than A, refuses a key revoked through A once the message arrived", async () => {
      const admin = await use.client(driver);
      const prefix = use.prefix(admin);
      const nodeUrl = (i: number) => `redis://127.0.0.1:${CLUSTER_NODES[i]!.port}`;
      const a = await instance(use, driver, prefix, {
        client: await use.client(driver),
        bus: { subscriber: await use.client(single, nodeUrl(0)) },
      });
      await seed(a);
      const b = await instance(use, driver, prefix, {
        client: await use.client(driver),
        bus: { subscriber: await use.client(single, nodeUrl(2)) },
      });
      const { key, id } = await cachedOnCluster(a, b);
      const since = b.spy.messages.length;
      await a.keyward.keys.revoke(id);
      await b.spy.received(aboutKey(id), since);
      const lookups = b.lookups();
      expect(await b.keyward.authenticate(key)).toMatchObject({ ok: false, detail: "revoked" });
      expect(b.lookups()).toBe(lookups + 1);
    });

    it("refuses a cluster client without a subscriber, and a cluster client as the subscriber", async () => {
      const c = await use.client(driver);
      const other = await use.client(driver);
      expect(() => c.bus()).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
      expect(() => c.bus({ subscriber: other })).toThrow(/one node/);
    });
  });
}

describe("cluster tests", () => {
  it("run on both libraries' cluster clients", () => {
    expect(CLUSTER_DRIVERS.map((driver) => driver.name)).toEqual(["node-redis cluster", "ioredis cluster"]);
  });
});
