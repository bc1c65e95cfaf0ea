import { describeOrSkip, raceRefreshesAcrossConnections, seededKeyward } from "@keyward/conformance";
import { createKeyward, isKeywardError } from "@keyward/core";
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { TEST_DRIVERS } from "../test/drivers";
import { POOLER_SKIP_REASON, usePgBouncer } from "../test/pooler";
import { testScope } from "../test/scope";
import { postgresStore } from "./drivers/pg";
import { SCHEMA_VERSION } from "./migrations";

/** Server connections behind the PgBouncer of this file: every client shares these two. */
const SERVER_CONNECTIONS = 2;
const pooler = usePgBouncer({ poolMode: "transaction", poolSize: SERVER_CONNECTIONS });
const scope = testScope(() => pooler.directUrl);
afterEach(() => scope.release());

/**
 * Runs `sql` once on each of PgBouncer's server connections: as many clients as there are server
 * connections each open a transaction, which keeps one server connection for itself until it ends.
 */
async function onEveryServerConnection<Row>(sql: string): Promise<{ pid: number; rows: Row[] }[]> {
  const clients = Array.from({ length: SERVER_CONNECTIONS }, () => new pg.Client(pooler.bouncer.url));
  try {
    await Promise.all(clients.map((client) => client.connect()));
    await Promise.all(clients.map((client) => client.query("BEGIN")));
    const seen = await Promise.all(
      clients.map(async (client) => ({
        pid: (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid,
        rows: (await client.query(sql)).rows as Row[],
      })),
    );
    expect(new Set(seen.map(({ pid }) => pid)).size).toBe(SERVER_CONNECTIONS);
    return seen;
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}

for (const driver of TEST_DRIVERS) {
  const through = (schema: string, options: { prepare?: boolean } = {}, max = 4) =>
    scope.open(driver, { url: pooler.bouncer.url, max }, { schema, ...options });

  describeOrSkip(`postgresStore (${driver.name}) through PgBouncer: statements`, POOLER_SKIP_REASON, () => {
    it("finds the pooler by default and leaves no prepared statement on any server connection", async () => {
      const schema = scope.schema("pb");
      const { store } = through(schema);
      await store.migrate();
      const keyward = await seededKeyward(store);
      const keys = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          keyward.keys.create(i % 2 === 0 ? { userId: "alice" } : { role: "editor" }),
        ),
      );
      const results = await Promise.all(keys.map(({ key }) => keyward.authenticate(key)));
      expect(results.every((result) => result.ok)).toBe(true);
      // Only the store's statements: postgres.js prepares its own type query (`fetch_types`) on each
      // new connection unless the instance says `prepare: false`.
      const found = await onEveryServerConnection(
        `SELECT statement FROM pg_prepared_statements WHERE strpos(statement, '${schema}') > 0`,
      );
      for (const { rows } of found) expect(rows).toEqual([]);
    });
  });

  describeOrSkip(`postgresStore (${driver.name}) through PgBouncer: migrate()`, POOLER_SKIP_REASON, () => {
    it("migrates from five pools at once, and leaves no advisory lock held", async () => {
      const schema = scope.schema("pb");
      const pools = Array.from({ length: 5 }, () => through(schema, {}, 1));
      await Promise.all(pools.map(({ store }) => store.migrate()));
      await pools[0]!.store.saveRole({ appid: "editor", name: "Editor", permissions: ["a/b"] });
      await Promise.all(pools.map(({ store }) => store.migrate()));
      expect(await pools[4]!.store.getRole("editor")).toMatchObject({ appid: "editor" });
      const admin = new pg.Client(pooler.directUrl);
      await admin.connect();
      try {
        const { rows } = await admin.query(`SELECT version FROM "${schema}".keyward_schema_version`);
        expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
        // The lock is transaction-scoped: released at each COMMIT, never left on a server connection.
        const lock = await admin.query<{ free: boolean }>(
          "SELECT pg_try_advisory_lock(hashtext($1)) AS free",
          [`keyward:${schema}`],
        );
        expect(lock.rows).toEqual([{ free: true }]);
        await admin.query("SELECT pg_advisory_unlock_all()");
      } finally {
        await admin.end();
      }
    });
  });

  describeOrSkip(`postgresStore (${driver.name}) through PgBouncer: concurrency`, POOLER_SKIP_REASON, () => {
    it("lets one of 50 refreshes from 50 separate pools win; the rest get CONFLICT", async () => {
      const schema = scope.schema("pb");
      const owner = through(schema).store;
      await owner.migrate();
      const keyward = await seededKeyward(owner);
      const issued = await keyward.keys.create({ userId: "alice" });
      await raceRefreshesAcrossConnections(keyward, issued, () => through(schema, {}, 1).store);
    });
  });
}

describeOrSkip("postgresStore (pg) through PgBouncer 1.18: named statements", POOLER_SKIP_REASON, () => {
  /**
   * A store on a fresh pool whose four clients are connected (and idle) before a burst of 20
   * authentications, so each client sends the lookup statement at least once. Data is seeded
   * through another store, so the burst is the first thing these clients do.
   */
  async function burst(prepare: boolean | undefined) {
    const schema = scope.schema("pb");
    const seed = scope.open(TEST_DRIVERS[0]!, { url: pooler.bouncer.url }, { schema, prepare: false });
    await seed.store.migrate();
    const seeded = await seededKeyward(seed.store);
    const { key } = await seeded.keys.create({ userId: "alice" });
    const pool = new pg.Pool({ connectionString: pooler.bouncer.url, max: 4 });
    pool.on("error", () => {});
    scope.defer(() => pool.end());
    const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    for (const client of clients) client.release();
    const keyward = createKeyward({
      store: postgresStore(pool, { schema, ...(prepare === undefined ? {} : { prepare }) }),
      storeTimeoutMs: 10_000,
    });
    return Promise.allSettled(Array.from({ length: 20 }, () => keyward.authenticate(key)));
  }

  it("breaks with prepare: true: each server connection has the statement another client prepared", async () => {
    // Four clients each prepare the lookup once; two server connections can take only two of those
    // PREPAREs, so at least two fail, whatever the order. Each is an outage to the caller, never a 401.
    const outcomes = await burst(true);
    const failed = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as Error] : []));
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const error of failed) {
      expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
      expect(String((error.cause as Error | undefined)?.message)).toMatch(
        /prepared statement "keyward_[0-9a-f]+" (already exists|does not exist)/,
      );
    }
    expect(outcomes.some((o) => o.status === "fulfilled" && !o.value.ok)).toBe(false);
  });

  it.each([
    ["the default options", undefined],
    ["prepare: false", false],
  ])("works with %s", async (_name, prepare) => {
    const outcomes = await burst(prepare);
    expect(outcomes.map((o) => o.status === "fulfilled" && o.value.ok)).toEqual(Array(20).fill(true));
  });
});
