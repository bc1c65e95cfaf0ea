import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import { afterEach, expect, it } from "vitest";
import { TEST_DRIVERS } from "../test/drivers";
import { SKIP_REASON, testPool } from "../test/pg-fixtures";
import { testScope } from "../test/scope";
import { postgresStore } from "./drivers/pg";
import { selectKeyLookup } from "./lookup";
import { tableNames } from "./names";

const scope = testScope();
afterEach(() => scope.release());

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

for (const driver of TEST_DRIVERS) {
  describeOrSkip(`postgresStore (${driver.name}): lookupKey`, SKIP_REASON, () => {
    // Left out, `prepare` means "unless pooled": prepared here, on a direct connection.
    for (const prepare of [true, false, undefined]) {
      it(`authenticates a user key and an app key with one statement (prepare: ${prepare})`, async () => {
        // One connection, so pg_prepared_statements shows what the store's connection holds.
        const { store, sent, raw } = scope.open(
          driver,
          { max: 1, counted: true },
          { schema: scope.schema("l"), ...(prepare === undefined ? {} : { prepare }) },
        );
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
          expect(sent[0]).toMatch(/LEFT JOIN/);
          // Prepared (parsed and planned once per connection) exactly when prepare is on.
          const statements = await raw<{ statement: string }>("SELECT statement FROM pg_prepared_statements");
          expect(statements.some(({ statement }) => statement === sent[0])).toBe(prepare ?? true);
        }
      });
    }
  });
}

describeOrSkip("postgresStore: the lookup statement's plan", SKIP_REASON, () => {
  it("plans as index lookups, also as the generic plan of a prepared statement", async () => {
    const schema = scope.schema("l");
    const pool = testPool();
    scope.defer(() => pool.end());
    await postgresStore(pool, { schema }).migrate();
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
