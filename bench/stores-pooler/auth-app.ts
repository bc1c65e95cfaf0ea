/**
 * One app process of pgbouncer.bench.ts: keyward on a PostgreSQL store (its own pool or postgres.js
 * instance), authenticating user keys as fast as `IN_FLIGHT` concurrent callers can when its parent
 * says so over IPC. Not a benchmark itself (the runner only picks up `*.bench.ts`).
 *
 * Env: PG_URL (direct or through PgBouncer), SCHEMA, DRIVER (pg | postgres-js), KEYS (user keys
 * loaded, numbered 1…KEYS), POOL_MAX, IN_FLIGHT, APP_NAME (`application_name` of its connections).
 * IPC: `{ cmd: "run", ms }` → `{ type: "ran", count, errors, ms }`; `{ cmd: "close" }` ends it.
 */
import { createRequire } from "node:module";
import { createKeyward, type KeywardStore } from "@keyward/core";
import { postgresStore } from "@keyward/postgres/pg";
import { type PostgresJsSqlLike, postgresJsStore } from "@keyward/postgres/postgres-js";
import pg from "pg";
import { benchKey } from "../stores-server/stats";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`auth-app: ${name} is not set`);
  return value;
};
const url = env("PG_URL");
const schema = env("SCHEMA");
const keys = Number(env("KEYS"));
const poolMax = Number(env("POOL_MAX"));
const inFlight = Number(env("IN_FLIGHT"));
const applicationName = env("APP_NAME");

interface PostgresJs extends PostgresJsSqlLike {
  end(options?: { timeout?: number }): Promise<void>;
}

function open(): { store: KeywardStore; close(): Promise<void> } {
  if (env("DRIVER") === "postgres-js") {
    // postgres.js, from where `@keyward/postgres` finds it (its dev dependency), as the other benches do.
    const require = createRequire(import.meta.resolve("@keyward/postgres/package.json"));
    const postgres = require("postgres") as (url: string, options: object) => PostgresJs;
    // `prepare: false` as the README advises behind PgBouncer: postgres.js would otherwise prepare
    // its own type query. The store finds the pooler by itself either way; direct, it prepares.
    const sql = postgres(url, {
      max: poolMax,
      connection: { application_name: applicationName },
      ...(process.env.POOLED === "1" ? { prepare: false } : {}),
    });
    return { store: postgresJsStore(sql, { schema }), close: () => sql.end({ timeout: 1 }) };
  }
  const pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: applicationName });
  pool.on("error", () => {});
  return { store: postgresStore(pool, { schema }), close: () => pool.end() };
}

const { store, close } = open();
const keyward = createKeyward({ store });
const pick = () => benchKey("USR-", 1 + Math.floor(Math.random() * keys));

async function run(ms: number): Promise<{ count: number; errors: number; ms: number }> {
  const started = performance.now();
  const deadline = started + ms;
  let count = 0;
  let errors = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        if ((await keyward.authenticate(pick())).ok) count++;
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { count, errors, ms: performance.now() - started };
}

// Warm up: connections opened, statements (or the pooler check) done, JIT settled.
await run(300);
process.on("message", async (message: { cmd: string; ms?: number }) => {
  if (message.cmd === "run") {
    process.send?.({ type: "ran", ...(await run(message.ms ?? 1000)) });
  } else if (message.cmd === "close") {
    await keyward.close();
    await close();
    process.exit(0);
  }
});
process.send?.({ type: "ready" });
