import { createRequire } from "node:module";
import { describeConsoleSuite } from "./console-suite";
import { startExample } from "./example-server";

const entry = new URL("../../../../examples/hono-node/src/server.ts", import.meta.url);
const databaseUrl = process.env.KEYWARD_TEST_PG_URL;
// Own schema per run, dropped afterwards, so runs never share keyward tables.
const schema = `keyward_admin_e2e_${process.pid}_${Date.now().toString(36)}`;

/** Drops the run's schema with the example's own PostgreSQL driver. */
async function dropSchema(): Promise<void> {
  const pg = createRequire(entry)("pg") as {
    Pool: new (options: object) => { query(sql: string): Promise<unknown>; end(): Promise<void> };
  };
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}

describeConsoleSuite({
  title: "admin console on examples/hono-node (Hono, PostgreSQL)",
  missing: databaseUrl ? undefined : "KEYWARD_TEST_PG_URL is not set",
  start: () =>
    startExample(entry, { DATABASE_URL: databaseUrl ?? "", KEYWARD_PG_SCHEMA: schema }, /no key is printed/),
  stop: async (server) => {
    await server.process.stop();
    await dropSchema();
  },
  // Drafts need a key with content/drafts/read; the public role reads posts.
  paths: { protected: "/api/content/items/drafts", public: "/api/content/items/posts" },
  screenshots: false,
});
