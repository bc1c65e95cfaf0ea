import { getRequestListener } from "@hono/node-server";
import { createKeyward } from "@keyward/core";
import { postgresStore } from "@keyward/postgres";
import pg from "pg";
import { type HeldPort, listenFailure, listenFirst, readPort } from "../../shared/listen";
import { CONSOLE_PATH, createApp } from "./app";
import { firstStartBanner } from "./banner";
import { parseCorsOrigins } from "./cors";
import { seedOnFirstStart } from "./seed";

const START = "pnpm --filter @keyward/example-hono-node start";
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined || databaseUrl === "") {
  console.error(`Set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ${START}`);
  process.exit(2);
}
const hostname = process.env.HOST ?? "127.0.0.1";
// KEYWARD_PG_SCHEMA keeps this app's tables apart (tests use one schema per run). Default: public.
const schema = process.env.KEYWARD_PG_SCHEMA;
const port = readPort(process.env.PORT, 3000);
if (port === null) {
  console.error(`PORT must be a number from 0 to 65535, not "${process.env.PORT}": e.g. PORT=3001 ${START}`);
  process.exit(1);
}

// The port first: on a taken port no table is created, so no first-start key is made and then lost.
let held: HeldPort;
try {
  held = await listenFirst(port, hostname);
} catch (error) {
  console.error(listenFailure(error, port, hostname, START));
  process.exit(1);
}

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

console.log(`keyward hono-node example listening on ${held.url}`);
console.log(`Admin console: ${held.url}${CONSOLE_PATH}/ (sign in with a management key)`);
if (adminKey === null) console.log("Using the existing keyward tables; no key is printed on later starts.");
else console.log(firstStartBanner(held.url, adminKey));
// Requests that came in while PostgreSQL was prepared are answered from here on.
const app = createApp(keyward, { corsOrigins: parseCorsOrigins(process.env.CORS_ORIGINS) });
held.serve(getRequestListener(app.fetch));

function shutdown(): void {
  held.close(() => {
    void pool.end().then(() => process.exit(0));
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
