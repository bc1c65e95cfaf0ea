import { serve } from "@hono/node-server";
import { createKeyward } from "@keyward/core";
import { postgresStore } from "@keyward/postgres";
import pg from "pg";
import { createApp } from "./app";
import { seedOnFirstStart } from "./seed";

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined || databaseUrl === "") {
  console.error("Set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm start");
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";
// KEYWARD_PG_SCHEMA keeps this app's tables apart (tests use one schema per run). Default: public.
const schema = process.env.KEYWARD_PG_SCHEMA;

const pool = new pg.Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
pool.on("error", (error) => console.error("postgres: idle client error:", error.message));
const store = postgresStore(pool, schema ? { schema } : {});
const keyward = createKeyward({ store });
let adminKey: string | null;
try {
  await store.migrate();
  adminKey = await seedOnFirstStart(keyward);
} catch (error) {
  // A wrong URL or a stopped server is the usual first-run problem: say so without a stack trace.
  console.error(`Could not prepare keyward's tables in PostgreSQL: ${(error as Error).message}`);
  console.error("Check DATABASE_URL and that the server is running.");
  process.exit(1);
}

const server = serve({ fetch: createApp(keyward).fetch, port, hostname }, (info) => {
  const url = `http://${hostname}:${info.port}`;
  console.log(`keyward hono-node example listening on ${url}`);
  if (adminKey === null) {
    console.log("Using the existing keyward tables; no key is printed on later starts.");
    return;
  }
  console.log(`
First start: created roles admin, editor and public, and the user "admin". Its key, shown only now:

  export KEY=${adminKey}

Try:
  curl ${url}/api/content/items/posts
  curl -H "api-key: $KEY" ${url}/api/content/items/drafts
  curl -H "api-key: $KEY" ${url}/api/keyward/keys
`);
});

function shutdown(): void {
  server.close(() => {
    void pool.end().then(() => process.exit(0));
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
