import {
  describeOrSkip,
  raceRefreshesAcrossConnections,
  seededKeyward,
  timedRejection,
} from "@keyward/conformance";
import { createKeyward, isKeywardError } from "@keyward/core";
import { afterEach, expect, it } from "vitest";
import { TEST_DRIVERS } from "../test/drivers";
import { PG_URL, SKIP_REASON } from "../test/pg-fixtures";
import { testScope } from "../test/scope";
import { startTcpProxy } from "../test/tcp-proxy";
import { SCHEMA_VERSION } from "./migrations";

const scope = testScope();
afterEach(() => scope.release());

for (const driver of TEST_DRIVERS) {
  const storeOn = (schema: string, settings = {}) => scope.open(driver, settings, { schema }).store;

  describeOrSkip(`postgresStore (${driver.name}): migrations`, SKIP_REASON, () => {
    it("migrates from five pools at once to one schema at the current version, and keeps data on re-runs", async () => {
      const schema = scope.schema();
      const pools = Array.from({ length: 5 }, () => scope.open(driver, { max: 1 }, { schema }));
      await Promise.all(pools.map(({ store }) => store.migrate()));
      const [first, second] = pools.map(({ store }) => store);
      await first?.saveRole({ appid: "editor", name: "Editor", permissions: ["a/b"] });
      await Promise.all(pools.map(({ store }) => store.migrate()));
      expect(await second?.getRole("editor")).toEqual({
        appid: "editor",
        name: "Editor",
        permissions: ["a/b"],
      });
      const rows = await pools[0]?.raw(`SELECT version FROM "${schema}".keyward_schema_version`);
      expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
    });

    it("refuses a schema migrated by a newer release", async () => {
      const schema = scope.schema();
      const { store, raw } = scope.open(driver, {}, { schema });
      await store.migrate();
      await raw(`UPDATE "${schema}".keyward_schema_version SET version = $1`, [SCHEMA_VERSION + 1]);
      await expect(store.migrate()).rejects.toMatchObject({ code: "CONFLICT" });
    });

    it("keeps two table prefixes in one schema apart, with and without prepared statements", async () => {
      const schema = scope.schema();
      const a = scope.open(driver, {}, { schema, tablePrefix: "app_a_" }).store;
      const b = scope.open(driver, {}, { schema, tablePrefix: "app_b_", prepare: false }).store;
      await Promise.all([a.migrate(), b.migrate()]);
      await a.setPublicRole("editor");
      expect(await b.getPublicRole()).toBeNull();
      expect(await a.getPublicRole()).toBe("editor");
      await b.setPublicRole("reader");
      expect(await b.getPublicRole()).toBe("reader");
    });

    it("validates schema and tablePrefix, and sends nothing when it is made", () => {
      for (const options of [
        { schema: "Bad-Name" },
        { schema: "" },
        { tablePrefix: 'x"; drop' },
        { schema: "a".repeat(64) },
      ]) {
        expect(() => driver.open({}, options)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
      }
      // Pools connect on their first statement: none sent, no connection opened.
      const fine = scope.open(driver, { counted: true }, { schema: "fine_name", tablePrefix: "" });
      expect(fine.sent).toEqual([]);
    });
  });

  describeOrSkip(`postgresStore (${driver.name}): concurrency`, SKIP_REASON, () => {
    it("lets one of 50 refreshes from 50 separate pools win; the rest get CONFLICT", async () => {
      const schema = scope.schema();
      const owner = storeOn(schema);
      await owner.migrate();
      const keyward = await seededKeyward(owner);
      const issued = await keyward.keys.create({ userId: "alice" });
      await raceRefreshesAcrossConnections(keyward, issued, () => storeOn(schema, { max: 1 }));
    });
  });

  describeOrSkip(`postgresStore (${driver.name}): failures through createKeyward`, SKIP_REASON, () => {
    const TIMEOUT = 400;
    const target = new URL(PG_URL ?? "postgres://127.0.0.1:5432/postgres");
    const via = (port: number) =>
      Object.assign(new URL(target), { hostname: "127.0.0.1", port: String(port) });

    async function throughProxy() {
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      scope.defer(() => proxy.close());
      const store = storeOn(scope.schema(), { url: via(proxy.port).toString(), connectTimeoutMs: TIMEOUT });
      await store.migrate();
      const keyward = await seededKeyward(store, { storeTimeoutMs: TIMEOUT });
      const { key } = await keyward.keys.create({ userId: "alice" });
      expect((await keyward.authenticate(key)).ok).toBe(true);
      return { proxy, keyward, key };
    }

    it("answers STORE_UNAVAILABLE in time while the connection is cut, and recovers when it is back", async () => {
      const { proxy, keyward, key } = await throughProxy();
      await proxy.cut();
      for (let attempt = 0; attempt < 3; attempt++) {
        const { error, elapsed } = await timedRejection(() => keyward.authenticate(key));
        expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
        expect(String(error)).not.toContain(key);
        expect(elapsed).toBeLessThan(TIMEOUT + 250);
      }
      await proxy.restore();
      expect((await keyward.authenticate(key)).ok).toBe(true);
    });

    it("answers STORE_UNAVAILABLE in time while the server hangs, and recovers when it answers again", async () => {
      const { proxy, keyward, key } = await throughProxy();
      proxy.stall();
      const { error, elapsed } = await timedRejection(() => keyward.authenticate(key));
      expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
      expect(elapsed).toBeLessThan(TIMEOUT + 250);
      await proxy.restore();
      expect((await keyward.authenticate(key)).ok).toBe(true);
    });

    it("answers STORE_UNAVAILABLE, never the public role, when nothing listens on the port", async () => {
      const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      await proxy.close();
      const store = storeOn(scope.schema(), { url: via(proxy.port).toString() });
      const keyward = createKeyward({ store, storeTimeoutMs: TIMEOUT });
      for (const key of [null, `USR-${"ab".repeat(20)}`]) {
        const { error, elapsed } = await timedRejection(() => keyward.authenticate(key));
        expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
        expect(elapsed).toBeLessThan(TIMEOUT + 250);
      }
    });
  });
}
