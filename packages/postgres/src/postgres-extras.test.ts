import { seededKeyward, timedRejection } from "@keyward/conformance";
import { createKeyward, isKeywardError, type KeywardStore } from "@keyward/core";
import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { PG_URL, SKIP_REASON, testPool, uniqueSchema } from "../test/pg-fixtures";
import { startTcpProxy } from "../test/tcp-proxy";
import { postgresStore, SCHEMA_VERSION } from "./index";

const suite = SKIP_REASON === undefined ? describe : describe.skip;
const title = (name: string) => (SKIP_REASON === undefined ? name : `${name} (skipped: ${SKIP_REASON})`);

const pools: pg.Pool[] = [];
const schemas: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** A pool that the test's afterEach ends; pg requires an error listener on pools whose server can vanish. */
function pool(config: pg.PoolConfig = {}): pg.Pool {
  const made = testPool(config);
  made.on("error", () => {});
  pools.push(made);
  return made;
}
function schema(): string {
  const name = uniqueSchema("x");
  schemas.push(name);
  return name;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  if (schemas.length > 0) {
    const admin = testPool({ max: 1 });
    for (const name of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await admin.end();
  }
  for (const made of pools.splice(0)) await made.end().catch(() => {});
});

suite(title("postgresStore: migrations"), () => {
  it("migrates from five pools at once to one schema at the current version, and keeps data on re-runs", async () => {
    const name = schema();
    const stores = Array.from({ length: 5 }, () => postgresStore(pool({ max: 1 }), { schema: name }));
    await Promise.all(stores.map((store) => store.migrate()));
    const [first, second] = stores as [KeywardStore, KeywardStore];
    await first.saveRole({ appid: "editor", name: "Editor", permissions: ["a/b"] });
    await Promise.all(stores.map((store) => store.migrate()));
    expect(await second.getRole("editor")).toEqual({ appid: "editor", name: "Editor", permissions: ["a/b"] });
    const { rows } = await pool().query(`SELECT version FROM "${name}".keyward_schema_version`);
    expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
  });

  it("refuses a schema migrated by a newer release", async () => {
    const name = schema();
    const store = postgresStore(pool(), { schema: name });
    await store.migrate();
    await pool().query(`UPDATE "${name}".keyward_schema_version SET version = $1`, [SCHEMA_VERSION + 1]);
    await expect(store.migrate()).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("keeps two table prefixes in one schema apart, with and without prepared statements", async () => {
    const name = schema();
    const a = postgresStore(pool(), { schema: name, tablePrefix: "app_a_" });
    const b = postgresStore(pool(), { schema: name, tablePrefix: "app_b_", prepare: false });
    await Promise.all([a.migrate(), b.migrate()]);
    await a.setPublicRole("editor");
    expect(await b.getPublicRole()).toBeNull();
    expect(await a.getPublicRole()).toBe("editor");
    await b.setPublicRole("reader");
    expect(await b.getPublicRole()).toBe("reader");
  });

  it("validates schema and tablePrefix, and opens no connection of its own", () => {
    const idle = pool();
    for (const options of [
      { schema: "Bad-Name" },
      { schema: "" },
      { tablePrefix: 'x"; drop' },
      { schema: "a".repeat(64) },
    ]) {
      expect(() => postgresStore(idle, options)).toThrow(
        expect.objectContaining({ code: "INVALID_ARGUMENT" }),
      );
    }
    postgresStore(idle, { schema: "fine_name", tablePrefix: "" });
    expect(idle.totalCount).toBe(0);
  });
});

suite(title("postgresStore: concurrency"), () => {
  it("lets one of 50 refreshes from 50 separate pools win; the rest get CONFLICT", async () => {
    const name = schema();
    const owner = postgresStore(pool(), { schema: name });
    await owner.migrate();
    const keyward = await seededKeyward(owner);
    const { key: original, record } = await keyward.keys.create({ userId: "alice" });
    // Every racer reads the key before any of them swaps, so only the compare-and-swap decides.
    let read = 0;
    let release!: () => void;
    const allRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const racers = Array.from({ length: 50 }, () => {
      const store = postgresStore(pool({ max: 1 }), { schema: name });
      return createKeyward({
        storeTimeoutMs: 20_000,
        store: {
          ...store,
          getKey: async (id) => {
            const found = await store.getKey(id);
            if (++read === 50) release();
            await allRead;
            return found;
          },
        },
      });
    });
    const outcomes = await Promise.allSettled(racers.map((racer) => racer.keys.refresh(record.id)));
    const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost.every((error) => isKeywardError(error, "CONFLICT"))).toBe(true);
    expect((await keyward.authenticate(original)).ok).toBe(false);
    expect((await keyward.authenticate(won[0]?.key ?? null)).ok).toBe(true);
  });
});

suite(title("postgresStore: failures through createKeyward"), () => {
  const TIMEOUT = 400;
  const target = new URL(PG_URL ?? "postgres://127.0.0.1:5432/postgres");

  async function throughProxy() {
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const url = new URL(target);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    const name = schema();
    const store = postgresStore(
      pool({ connectionString: url.toString(), connectionTimeoutMillis: TIMEOUT }),
      {
        schema: name,
      },
    );
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
    const port = proxy.port;
    await proxy.close();
    const url = new URL(target);
    url.hostname = "127.0.0.1";
    url.port = String(port);
    const store = postgresStore(pool({ connectionString: url.toString() }), { schema: schema() });
    const keyward = createKeyward({ store, storeTimeoutMs: TIMEOUT });
    for (const key of [null, `USR-${"ab".repeat(20)}`]) {
      const { error, elapsed } = await timedRejection(() => keyward.authenticate(key));
      expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
      expect(elapsed).toBeLessThan(TIMEOUT + 250);
    }
  });
});
