import { seededKeyward } from "@keyward/conformance";
import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { SKIP_REASON, testPool, uniqueSchema } from "../test/pg-fixtures";
import { postgresStore } from "./index";
import { selectKeyLookup } from "./lookup";
import { tableNames } from "./names";

const suite = SKIP_REASON === undefined ? describe : describe.skip;
const title = (name: string) => (SKIP_REASON === undefined ? name : `${name} (skipped: ${SKIP_REASON})`);

const pools: pg.Pool[] = [];
const schemas: string[] = [];
afterEach(async () => {
  const admin = testPool({ max: 1 });
  for (const name of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await admin.end();
  for (const made of pools.splice(0)) await made.end().catch(() => {});
});

function setup(prepare?: boolean) {
  const pool = testPool();
  pools.push(pool);
  const schema = uniqueSchema("l");
  schemas.push(schema);
  const sent: { text: string; name: string | undefined }[] = [];
  // Counts what reaches the pool: one entry is one round trip.
  const counting = {
    connect: pool.connect.bind(pool),
    query: ((config: string | pg.QueryConfig, values?: unknown[]) => {
      sent.push(
        typeof config === "string"
          ? { text: config, name: undefined }
          : { text: config.text, name: config.name },
      );
      return typeof config === "string" ? pool.query(config, values) : pool.query(config);
    }) as pg.Pool["query"],
  };
  const store = postgresStore(counting, { schema, ...(prepare === undefined ? {} : { prepare }) });
  return { pool, schema, store, sent };
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}
const scans = (node: PlanNode): PlanNode[] => [
  ...(node["Relation Name"] === undefined ? [] : [node]),
  ...(node.Plans ?? []).flatMap(scans),
];

suite(title("postgresStore: lookupKey"), () => {
  for (const prepare of [true, false]) {
    it(`authenticates a user key and an app key in one round trip (prepare: ${prepare})`, async () => {
      const { store, sent } = setup(prepare);
      await store.migrate();
      const now = new Date("2030-01-01T00:00:00.000Z");
      const keyward = await seededKeyward(store, { now: () => now });
      const user = await keyward.keys.create({ userId: "alice" });
      const app = await keyward.keys.create({ role: "editor" });
      // Used just now, so authenticate has no usage timestamp to write: only the read is left.
      for (const { record } of [user, app]) await store.touchKey(record.id, now);
      for (const key of [user.key, app.key]) {
        sent.length = 0;
        const result = await keyward.authenticate(key);
        expect(result.ok && result.principal.can("content/posts/read")).toBe(true);
        expect(sent).toHaveLength(1);
        expect(sent[0]?.text).toMatch(/LEFT JOIN/);
        // Named (parsed and planned once per connection) exactly when prepare is on.
        expect(sent[0]?.name === undefined).toBe(!prepare);
      }
    });
  }

  it("plans as index lookups, also as the generic plan of a prepared statement", async () => {
    const { pool, schema, store } = setup();
    await store.migrate();
    const t = tableNames(schema, "keyward_");
    // Enough rows that a sequential scan of any table would cost more than an index probe.
    await pool.query(
      `INSERT INTO ${t.roles} SELECT 'r' || i, 'Role', '[]'::jsonb FROM generate_series(1, 3000) AS i`,
    );
    await pool.query(
      `INSERT INTO ${t.users} SELECT 'u' || i, 'r' || i, true FROM generate_series(1, 3000) AS i`,
    );
    await pool.query(
      `INSERT INTO ${t.keys} (id, kind, hash, start, user_id, role, created_at)
       SELECT 'k' || i, CASE WHEN i % 2 = 0 THEN 'user' ELSE 'app' END, md5(i::text), 'USR-00000000',
              CASE WHEN i % 2 = 0 THEN 'u' || (i % 3000) END, CASE WHEN i % 2 = 1 THEN 'r' || (i % 3000) END, now()
       FROM generate_series(1, 20000) AS i`,
    );
    for (const table of [t.roles, t.users, t.keys]) await pool.query(`ANALYZE ${table}`);
    const connection = await pool.connect();
    try {
      await connection.query(`PREPARE lookup_plan(text) AS ${selectKeyLookup(t)}`);
      await connection.query("SET plan_cache_mode = force_generic_plan");
      const { rows } = await connection.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
        "EXPLAIN (FORMAT JSON) EXECUTE lookup_plan('x')",
      );
      const plan = rows[0]?.["QUERY PLAN"][0]?.Plan as PlanNode;
      const found = scans(plan).map((node) => `${node["Node Type"]} ${node["Index Name"] ?? ""}`.trim());
      expect(found).toEqual([
        "Index Scan keyward_keys_hash_key",
        "Index Scan keyward_users_pkey",
        "Index Scan keyward_roles_pkey",
      ]);
    } finally {
      await connection.query("DEALLOCATE ALL");
      connection.release();
    }
  });
});
