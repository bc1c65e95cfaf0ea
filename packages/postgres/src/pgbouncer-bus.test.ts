import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import { createKeyward, isKeywardError } from "@keyward/core";
import pg from "pg";
import { afterEach, expect, it, vi } from "vitest";
import { DEADLINE_MS, openInstance, within } from "../test/bus-harness";
import { TEST_DRIVERS, type TestBusOptions, type TestDriver } from "../test/drivers";
import { POOLER_SKIP_REASON, type PoolerHandle, usePgBouncer } from "../test/pooler";
import { type TestScope, testScope } from "../test/scope";
import { postgresBus } from "./drivers/pg-bus";

/**
 * A store through `url` on a new schema with one user key, and two instances A and B on it, each
 * with a cache and a bus opened with `bus`; B has the key cached.
 */
async function pairThrough(scope: TestScope, driver: TestDriver, url: string, bus: TestBusOptions) {
  const schema = scope.schema("pbus");
  const seed = scope.open(driver, { url }, { schema });
  await seed.store.migrate();
  const admin = await seededKeyward(seed.store);
  const { key, record } = await admin.keys.create({ userId: "alice" });
  const [a, b] = await Promise.all([
    openInstance(scope, driver, schema, bus, { url }),
    openInstance(scope, driver, schema, bus, { url }),
  ]);
  expect((await b.keyward.authenticate(key)).ok).toBe(true);
  const read = b.lookups();
  expect((await b.keyward.authenticate(key)).ok).toBe(true);
  expect(b.lookups()).toBe(read);
  return { a, b, key, keyId: record.id };
}

/** A revokes; B hears it and refuses the key it had cached. */
async function expectRevocationHeard(pair: Awaited<ReturnType<typeof pairThrough>>) {
  await pair.a.keyward.keys.revoke(pair.keyId);
  await pair.b.observed.delivered((message) => message.type === "key" && message.keyId === pair.keyId);
  expect((await pair.b.keyward.authenticate(pair.key)).ok).toBe(false);
}

function scoped(pooler: PoolerHandle): TestScope {
  const scope = testScope(() => pooler.directUrl);
  afterEach(() => scope.release());
  return scope;
}

describeOrSkip("invalidation bus with PgBouncer in transaction mode", POOLER_SKIP_REASON, () => {
  const pooler = usePgBouncer({ poolMode: "transaction", poolSize: 2 });
  const scope = scoped(pooler);

  for (const driver of TEST_DRIVERS) {
    it(`${driver.name}: refuses to listen through it, naming the listener option; the cache then never trusts itself`, async () => {
      const schema = scope.schema("pbus");
      const opened = scope.open(driver, { url: pooler.bouncer.url }, { schema });
      await opened.store.migrate();
      const statuses: boolean[] = [];
      const refused = await opened
        .bus({ schema })
        .subscribe(
          () => {},
          (connected) => statuses.push(connected),
        )
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isKeywardError(refused, "INVALID_ARGUMENT")).toBe(true);
      expect(String(refused)).toMatch(/pooler.*listener:/s);
      expect(statuses).not.toContain(true);

      // Through createKeyward: the refusal reaches onCacheError and every authentication reads the store.
      const onCacheError = vi.fn();
      const lookup = vi.spyOn(opened.store as Required<typeof opened.store>, "lookupKey");
      const keyward = createKeyward({
        store: opened.store,
        cache: { ttlMs: 600_000, maxEntries: 100, bus: opened.bus({ schema }) },
        onCacheError,
      });
      scope.defer(() => keyward.close());
      await seededKeyward(opened.store);
      const { key } = await keyward.keys.create({ userId: "alice" });
      await vi.waitFor(() => expect(onCacheError).toHaveBeenCalled(), { timeout: DEADLINE_MS });
      expect(isKeywardError(onCacheError.mock.calls[0]?.[0], "INVALID_ARGUMENT")).toBe(true);
      const before = lookup.mock.calls.length;
      for (let i = 0; i < 3; i++) expect((await keyward.authenticate(key)).ok).toBe(true);
      expect(lookup.mock.calls.length - before).toBe(3);
    }, 60_000);

    it(`${driver.name}: with the listener on a direct connection, publishes through it and B refuses at once`, async () => {
      const pair = await pairThrough(scope, driver, pooler.bouncer.url, { listenUrl: pooler.directUrl });
      await within(expectRevocationHeard(pair), "revocation heard through the direct listener");
    });
  }
});

describeOrSkip(
  "invalidation bus with PgBouncer in transaction mode: a pg.Client of yours",
  POOLER_SKIP_REASON,
  () => {
    const pooler = usePgBouncer({ poolMode: "transaction", poolSize: 2 });
    const scope = scoped(pooler);

    it("refuses a connected client through it, and leaves the client open", async () => {
      const client = new pg.Client(pooler.bouncer.url);
      await client.connect();
      scope.defer(() => client.end());
      const pool = new pg.Pool({ connectionString: pooler.bouncer.url });
      scope.defer(() => pool.end());
      const bus = postgresBus(pool, { schema: scope.schema("pbus"), listener: client });
      await expect(
        bus.subscribe(
          () => {},
          () => {},
        ),
      ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    }, 30_000);
  },
);

describeOrSkip("invalidation bus with PgBouncer in session mode", POOLER_SKIP_REASON, () => {
  // Session mode keeps one server connection per client connection: enough for both instances.
  const pooler = usePgBouncer({ poolMode: "session", poolSize: 20 });
  const scope = scoped(pooler);

  for (const driver of TEST_DRIVERS) {
    it(`${driver.name}: listens through it (its test notification arrives), and B refuses at once`, async () => {
      const pair = await pairThrough(scope, driver, pooler.bouncer.url, {});
      await within(expectRevocationHeard(pair), "revocation heard through the session pooler");
    });
  }
});
