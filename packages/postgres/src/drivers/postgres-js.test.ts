import { describeOrSkip, seededKeyward, timedRejection } from "@keyward/conformance";
import { isKeywardError } from "@keyward/core";
import postgres from "postgres";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PG_URL } from "../../test/drivers";
import { SKIP_REASON, testPool } from "../../test/pg-fixtures";
import { testScope } from "../../test/scope";
import { startTcpProxy } from "../../test/tcp-proxy";
import { postgresStore } from "./pg";
import { type PostgresJsSqlLike, postgresJsStore } from "./postgres-js";

const scope = testScope();
const instances: postgres.Sql[] = [];
afterEach(async () => {
  await Promise.all(instances.splice(0).map((sql) => sql.end({ timeout: 1 })));
  await scope.release();
});

/** A postgres.js instance ended after the test; it connects only when a statement is sent. */
function instance(
  options: postgres.Options<Record<string, postgres.PostgresType>> = {},
  url = PG_URL ?? "postgres://127.0.0.1:5432/postgres",
): postgres.Sql {
  const sql = postgres(url, { max: 1, ...options });
  instances.push(sql);
  return sql;
}

describe("postgresJsStore: arguments", () => {
  it.each([
    ["a pg Pool", { query: () => {}, connect: () => {} }],
    ["null", null],
    ["an object without unsafe", { begin: () => {} }],
  ])("refuses %s", (_name, client) => {
    expect(() => postgresJsStore(client as unknown as PostgresJsSqlLike)).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it.each([
    ["postgres.camel", { transform: postgres.camel }],
    ["a row transform", { transform: { row: { from: (row: unknown) => row } } }],
    ["a value transform", { transform: { value: { from: (value: unknown) => value } } }],
  ])("refuses an instance with %s, whose rows the queries could not read", (_name, options) => {
    expect(() => postgresJsStore(instance(options))).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("accepts an instance that only maps undefined parameters", () => {
    expect(() => postgresJsStore(instance({ transform: { undefined: null } }))).not.toThrow();
  });
});

describeOrSkip("postgresJsStore: postgres.js specifics", SKIP_REASON, () => {
  it("re-runs migrate() without printing the server's IF NOT EXISTS notices", async () => {
    const onnotice = vi.fn();
    const store = postgresJsStore(instance({ onnotice }), { schema: scope.schema() });
    await store.migrate();
    await store.migrate();
    expect(onnotice).not.toHaveBeenCalled();
  });

  it("prepares nothing when the instance says prepare: false (PgBouncer in transaction mode)", async () => {
    const sql = instance({ prepare: false });
    const store = postgresJsStore(sql, { schema: scope.schema() });
    await store.migrate();
    const keyward = await seededKeyward(store);
    const { key } = await keyward.keys.create({ userId: "alice" });
    expect((await keyward.authenticate(key)).ok).toBe(true);
    expect(await sql`SELECT name FROM pg_prepared_statements`).toHaveLength(0);
  });

  it("shares one schema with the pg driver: what one writes the other reads, JSON stored as JSON", async () => {
    const schema = scope.schema();
    const pool = testPool({ max: 1 });
    scope.defer(() => pool.end());
    const viaPg = postgresStore(pool, { schema });
    const viaJs = postgresJsStore(instance(), { schema });
    await viaJs.migrate();
    await viaPg.migrate();
    const js = await seededKeyward(viaJs);
    const pg = await seededKeyward(viaPg);
    const fromJs = await js.keys.create({ userId: "alice", permissions: ["content/posts/read"] });
    const fromPg = await pg.keys.create({ role: "editor", permissions: ["content/posts/read"] });
    for (const [reader, created] of [
      [pg, fromJs],
      [js, fromPg],
    ] as const) {
      const result = await reader.authenticate(created.key);
      expect(result.ok && result.principal.can("content/posts/read")).toBe(true);
      expect((await reader.keys.get(created.record.id))?.permissions).toEqual(["content/posts/read"]);
    }
    const { rows } = await pool.query(
      `SELECT DISTINCT jsonb_typeof(permissions) AS type FROM "${schema}".keyward_keys
       UNION SELECT DISTINCT jsonb_typeof(permissions) FROM "${schema}".keyward_roles`,
    );
    expect(rows).toEqual([{ type: "array" }]);
  });

  it("with postgres.js's default backoff, fails in time during an outage and recovers after its reconnect delay", async () => {
    const target = new URL(PG_URL ?? "");
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    scope.defer(() => proxy.close());
    const url = Object.assign(new URL(target), { hostname: "127.0.0.1", port: String(proxy.port) });
    const store = postgresJsStore(instance({ max: 4, connect_timeout: 0.4 }, url.toString()), {
      schema: scope.schema(),
    });
    await store.migrate();
    const keyward = await seededKeyward(store, { storeTimeoutMs: 400 });
    const { key } = await keyward.keys.create({ userId: "alice" });
    await proxy.cut();
    for (let attempt = 0; attempt < 3; attempt++) {
      const { error, elapsed } = await timedRejection(() => keyward.authenticate(key));
      expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
      expect(elapsed).toBeLessThan(400 + 250);
    }
    await proxy.restore();
    // Each failed connection attempt lengthens the wait before the next one (up to 20 s), so the
    // first calls after the outage may still fail: polled, not expected at once as with pg.
    const ok = () =>
      keyward.authenticate(key).then(
        (result) => result.ok,
        () => false,
      );
    await expect.poll(ok, { timeout: 10_000 }).toBe(true);
  });
});
