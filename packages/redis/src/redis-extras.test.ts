import { describeOrSkip, raceRefreshesAcrossConnections, seededKeyward } from "@keyward/conformance";
import { createKeyward } from "@keyward/core";
import { expect, it, vi } from "vitest";
import { useHarness } from "../test/harness";
import { DRIVERS, dumpPrefix, SKIP_REASON } from "../test/redis-fixtures";
import { taggedPrefix } from "./hash-tag";
import { SCHEMA_VERSION } from "./index";

const use = useHarness();

for (const driver of DRIVERS) {
  describeOrSkip(`redisStore (${driver.name}): migrate() and persistence warnings`, SKIP_REASON, () => {
    it("writes the schema version under its prefix, idempotently, and refuses newer data", async () => {
      const c = await use.client(driver);
      const p = use.prefix(c);
      const store = c.store({ prefix: p, warn: () => {} });
      await Promise.all([store.migrate(), store.migrate()]);
      await store.migrate();
      const version = `${taggedPrefix(p, "test")}schema-version`;
      expect(await c.command(["GET", version])).toBe(String(SCHEMA_VERSION));
      await c.command(["SET", version, String(SCHEMA_VERSION + 1)]);
      await expect(store.migrate()).rejects.toMatchObject({ code: "CONFLICT" });
    });

    it("warns once, with console.warn and no key material, when appendonly is off", async () => {
      const redis = await use.server({ appendOnly: false });
      const c = await use.client(driver, redis.url);
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const store = c.store();
      const keyward = await seededKeyward(store);
      const { key } = await keyward.keys.create({ userId: "alice" });
      await store.migrate();
      await store.migrate();
      expect(warn).toHaveBeenCalledTimes(1);
      const message = String(warn.mock.calls[0]?.[0]);
      expect(message).toMatch(/appendonly/);
      expect(message).not.toContain(key);
      expect(message).not.toContain(key.slice(4));
    });

    it("does not warn when appendonly is on, nor fail when CONFIG is refused (managed Redis)", async () => {
      const warn = vi.fn();
      const durable = await use.server({ appendOnly: true });
      await (await use.client(driver, durable.url)).store({ warn }).migrate();
      const managed = await use.server({ appendOnly: false, extraArgs: ["--rename-command", "CONFIG", ""] });
      const managedClient = await use.client(driver, managed.url);
      await expect(managedClient.command(["CONFIG", "GET", "appendonly"])).rejects.toThrow();
      await managedClient.store({ warn }).migrate();
      expect(warn).not.toHaveBeenCalled();
    });

    it("keeps revocations and refreshes across a server restart with append-only persistence", async () => {
      const redis = await use.server({ appendOnly: true });
      const before = await use.client(driver, redis.url);
      const keyward = await seededKeyward(before.store());
      const revoked = await keyward.keys.create({ userId: "alice" });
      const refreshed = await keyward.keys.create({ userId: "alice" });
      const kept = await keyward.keys.create({ role: "editor" });
      await keyward.keys.revoke(revoked.record.id);
      const next = await keyward.keys.refresh(refreshed.record.id);
      await before.close();
      await redis.stop();
      await redis.start();
      const after = createKeyward({ store: (await use.client(driver, redis.url)).store() });
      expect((await after.authenticate(revoked.key)).ok).toBe(false);
      expect((await after.keys.get(revoked.record.id))?.revokedAt).toBeInstanceOf(Date);
      expect((await after.authenticate(refreshed.key)).ok).toBe(false);
      expect((await after.authenticate(next.key)).ok).toBe(true);
      expect((await after.authenticate(kept.key)).ok).toBe(true);
    });
  });

  describeOrSkip(`redisStore (${driver.name}): sharing a server`, SKIP_REASON, () => {
    it("keeps two prefixes apart and sends nothing until used", async () => {
      const c = await use.client(driver);
      const sent: string[] = [];
      const a = c.store({ prefix: use.prefix(c), onCommand: (name) => sent.push(name) });
      const b = c.store({ prefix: use.prefix(c) });
      expect(sent).toHaveLength(0);
      await a.setPublicRole("editor");
      expect(await b.getPublicRole()).toBeNull();
      expect(await a.getPublicRole()).toBe("editor");
      expect(() => c.store({ prefix: "" })).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    });

    it("lets one of 50 refreshes from 50 separate clients win; the rest get CONFLICT", async () => {
      const c = await use.client(driver);
      const p = use.prefix(c);
      const keyward = await seededKeyward(c.store({ prefix: p }));
      const issued = await keyward.keys.create({ userId: "alice" });
      const won = await raceRefreshesAcrossConnections(keyward, issued, async () =>
        (await use.client(driver)).store({ prefix: p }),
      );
      expect(await dumpPrefix(c, p)).not.toContain(won.key.slice(4));
    });
  });
}
