/**
 * authenticate() on @keyward/postgres through PgBouncer in transaction mode, next to the bare round
 * trips through the same path (`SELECT 1`, and the lookup statement the store sends) and to the
 * same calls on a direct connection, measured in one interleaved run; then app processes through
 * one PgBouncer: aggregate authentications per second of 4 processes next to 1, and next to the
 * same processes on direct connections, with the server connections each setup needed.
 *
 *   cd bench && node --conditions=@keyward/source --import tsx stores-pooler/pgbouncer.bench.ts
 *   (or `pnpm bench stores-pooler` from the root)
 *
 * Needs `pgbouncer` (apt-get install pgbouncer) and KEYWARD_TEST_PG_URL (default: the local
 * server). Starts its own PgBouncer on a spare port of 127.0.0.1, in front of a database of its own
 * (keyward_pgbouncer_bench, created when missing), and kills it at the end. The keys live in a
 * schema `keyward_bench_pooler_*`, dropped at the end (an interrupted run's at the next start).
 * KEYWARD_BENCH_PG_DRIVERS=pg runs one driver.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createKeyward } from "@keyward/core";
import { postgresStore } from "@keyward/postgres/pg";
import { type PostgresJsSqlLike, postgresJsStore } from "@keyward/postgres/postgres-js";
import pg from "pg";
import { ensureDatabase, startPgBouncer } from "../../packages/postgres/src/test-support/pgbouncer.ts";
import { benchKey, compare, type Measured } from "../stores-server/stats";

const PG_URL = process.env.KEYWARD_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DRIVERS = (process.env.KEYWARD_BENCH_PG_DRIVERS ?? "pg,postgres-js").split(",");
const DATABASE = "keyward_pgbouncer_bench";
const SCHEMA_PREFIX = "keyward_bench_pooler_";
/** User keys loaded (owner alice, role editor): authentication reads key, owner and role. */
const KEYS = 10_000;
/** PgBouncer's server connections (`default_pool_size`), shared by every app process. */
const SERVER_CONNECTIONS = 4;
/** Each app process: its pool size and the authentications it keeps in flight. */
const POOL_MAX = 8;
const IN_FLIGHT = 16;
const PROCESSES = 4;
const RUN_MS = 1500;
const ROUNDS = 5;

interface PostgresJs extends PostgresJsSqlLike {
  end(options?: { timeout?: number }): Promise<void>;
}

/** postgres.js, from where `@keyward/postgres` finds it (its dev dependency), as the other benches do. */
function postgresJs(url: string, options: object): PostgresJs {
  const require = createRequire(import.meta.resolve("@keyward/postgres/package.json"));
  return (require("postgres") as (url: string, options: object) => PostgresJs)(url, options);
}

const hashOf = (key: string) => createHash("sha256").update(key).digest("hex");
const pick = () => 1 + Math.floor(Math.random() * KEYS);

/** The statement `lookupKey` sends (key, owner and role by `LEFT JOIN`s), for the bare rows. */
function lookupStatement(schema: string): string {
  const k =
    "k.id, k.kind, k.hash, k.start, k.user_id, k.role, k.name, k.permissions, k.expires_at, k.created_at, k.last_used_at, k.revoked_at";
  return `SELECT ${k}, u.id, u.role, u.active, r.appid, r.name, r.permissions
    FROM "${schema}".keyward_keys k
    LEFT JOIN "${schema}".keyward_users u ON k.kind = 'user' AND u.id = k.user_id
    LEFT JOIN "${schema}".keyward_roles r ON r.appid = (CASE WHEN k.kind = 'user' THEN u.role ELSE k.role END)
    WHERE k.hash = $1`;
}

/** Loads KEYS user keys in bulk; hashes computed in SQL (core's unpeppered SHA-256). */
async function load(admin: pg.Pool, schema: string): Promise<void> {
  const store = postgresStore(admin, { schema });
  await store.migrate();
  const keyward = createKeyward({ store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  // lastUsedAt in the future keeps the once-a-minute usage write out of the measured path.
  await admin.query(
    `INSERT INTO "${schema}".keyward_keys (id, kind, hash, start, user_id, created_at, last_used_at)
     SELECT 'user-' || i, 'user', encode(sha256(convert_to(k, 'UTF8')), 'hex'), left(k, 12), 'alice',
            now(), now() + interval '1 day'
     FROM (SELECT i, 'USR-' || lpad(to_hex(i), 40, '0') AS k FROM generate_series(1, $1) AS i) AS keys`,
    [KEYS],
  );
  await admin.query(`VACUUM ANALYZE "${schema}".keyward_keys`);
  if (!(await keyward.authenticate(benchKey("USR-", pick()))).ok)
    throw new Error("loaded keys do not authenticate");
}

/** The in-process rows of one driver: through PgBouncer and direct, side by side. */
async function singleProcessOps(
  driver: string,
  directUrl: string,
  pooledUrl: string,
  schema: string,
  cleanup: (() => Promise<unknown>)[],
): Promise<Record<string, () => Promise<unknown>>> {
  const statement = lookupStatement(schema);
  const bare = () => [hashOf(benchKey("USR-", pick()))];
  const auth = (keyward: ReturnType<typeof createKeyward>) => () =>
    keyward.authenticate(benchKey("USR-", pick()));
  if (driver === "pg") {
    const pools = [directUrl, pooledUrl].map((url) => new pg.Pool({ connectionString: url, max: 16 }));
    cleanup.push(() => Promise.all(pools.map((pool) => pool.end())));
    const [direct, pooled] = pools as [pg.Pool, pg.Pool];
    return {
      "direct: SELECT 1": () => direct.query("SELECT 1"),
      "direct: authenticate (prepared)": auth(createKeyward({ store: postgresStore(direct, { schema }) })),
      "direct: authenticate (prepare: false)": auth(
        createKeyward({ store: postgresStore(direct, { schema, prepare: false }) }),
      ),
      "PgBouncer: SELECT 1": () => pooled.query("SELECT 1"),
      "PgBouncer: bare lookup statement": () => pooled.query(statement, bare()),
      "PgBouncer: authenticate": auth(createKeyward({ store: postgresStore(pooled, { schema }) })),
    };
  }
  const direct = postgresJs(directUrl, { max: 16 });
  const pooled = postgresJs(pooledUrl, { max: 16, prepare: false });
  cleanup.push(() => Promise.all([direct.end({ timeout: 1 }), pooled.end({ timeout: 1 })]));
  return {
    "direct: SELECT 1": async () => direct.unsafe("SELECT 1", [], { prepare: true }),
    "direct: authenticate (prepared)": auth(createKeyward({ store: postgresJsStore(direct, { schema }) })),
    "direct: authenticate (prepare: false)": auth(
      createKeyward({ store: postgresJsStore(direct, { schema, prepare: false }) }),
    ),
    "PgBouncer: SELECT 1": async () => pooled.unsafe("SELECT 1", [], { prepare: false }),
    "PgBouncer: bare lookup statement": async () => pooled.unsafe(statement, bare(), { prepare: false }),
    "PgBouncer: authenticate": auth(createKeyward({ store: postgresJsStore(pooled, { schema }) })),
  };
}

/** A running auth-app.ts. */
interface App {
  run(ms: number): Promise<{ count: number; errors: number; ms: number }>;
  stop(): Promise<void>;
}

const APP = fileURLToPath(new URL("./auth-app.ts", import.meta.url));
const BENCH_ROOT = fileURLToPath(new URL("..", import.meta.url));

async function startApp(env: Record<string, string>): Promise<App> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=@keyward/source", "--import", "tsx", APP],
    { cwd: BENCH_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`auth-app exited with ${code} before it was ready`)));
    child.once("message", () => resolve());
  });
  return {
    run: (ms) =>
      new Promise((resolve) => {
        child.once("message", (reply) => resolve(reply as { count: number; errors: number; ms: number }));
        child.send({ cmd: "run", ms });
      }),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ cmd: "close" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Scenario {
  readonly name: string;
  readonly apps: App[];
  readonly rates: number[];
  errors: number;
}

/** Aggregate authentications per second of 1 and of PROCESSES app processes, pooled and direct. */
async function multiProcess(
  driver: string,
  directUrl: string,
  pooledUrl: string,
  adminUrl: string,
  admin: pg.Pool,
  schema: string,
): Promise<void> {
  const start = (url: string, tag: string, pooled: boolean) =>
    Promise.all(
      Array.from({ length: PROCESSES }, () =>
        startApp({
          PG_URL: url,
          SCHEMA: schema,
          DRIVER: driver,
          KEYS: String(KEYS),
          POOL_MAX: String(POOL_MAX),
          IN_FLIGHT: String(IN_FLIGHT),
          APP_NAME: `kw_bench_${tag}`,
          POOLED: pooled ? "1" : "0",
        }),
      ),
    );
  const pooledApps = await start(pooledUrl, "pooled", true);
  const directApps = await start(directUrl, "direct", false);
  const scenarios: Scenario[] = [
    { name: "PgBouncer, 1 process", apps: pooledApps.slice(0, 1), rates: [], errors: 0 },
    { name: `PgBouncer, ${PROCESSES} processes`, apps: pooledApps, rates: [], errors: 0 },
    { name: "direct, 1 process", apps: directApps.slice(0, 1), rates: [], errors: 0 },
    { name: `direct, ${PROCESSES} processes`, apps: directApps, rates: [], errors: 0 },
  ];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Rotated each round, so drift in the machine's load is spread over every scenario.
      for (let i = 0; i < scenarios.length; i++) {
        const scenario = scenarios[(i + round) % scenarios.length]!;
        const runs = await Promise.all(scenario.apps.map((app) => app.run(RUN_MS)));
        scenario.rates.push(runs.reduce((sum, run) => sum + run.count / (run.ms / 1000), 0));
        scenario.errors += runs.reduce((sum, run) => sum + run.errors, 0);
      }
    }
    const bouncer = new pg.Client({ connectionString: adminUrl });
    await bouncer.connect();
    const { rows: servers } = await bouncer.query("SHOW SERVERS");
    await bouncer.end();
    const { rows } = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kw_bench_direct'",
    );
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const one = { pooled: median(scenarios[0]!.rates), direct: median(scenarios[2]!.rates) };
    console.log(
      `\n${driver}: ${PROCESSES} app processes (pool max ${POOL_MAX}, ${IN_FLIGHT} in flight each), ${RUN_MS} ms runs, median of ${ROUNDS}`,
    );
    for (const scenario of scenarios) {
      const rate = median(scenario.rates);
      const base = scenario.name.startsWith("PgBouncer") ? one.pooled : one.direct;
      console.log(
        `  ${scenario.name.padEnd(24)} ${rate.toFixed(0).padStart(6)} auth/s  (${(rate / base).toFixed(2)}x of 1 process; rounds ${scenario.rates.map((r) => r.toFixed(0)).join(", ")}; errors ${scenario.errors})`,
      );
    }
    console.log(
      `  server connections: PgBouncer ${servers.length} (default_pool_size ${SERVER_CONNECTIONS}) for ${PROCESSES * POOL_MAX} client connections; direct ${rows[0]?.n}`,
    );
  } finally {
    await Promise.all([...pooledApps, ...directApps].map((app) => app.stop()));
  }
}

function print(driver: string, table: Record<string, Measured>): void {
  const base = table["PgBouncer: SELECT 1"]!;
  const bare = table["PgBouncer: bare lookup statement"]!;
  const direct = table["direct: SELECT 1"]!;
  console.log(
    `\n${driver}, in one process (p50/p99 of interleaved sequential calls; 16 in flight for ops/s)`,
  );
  for (const [name, m] of Object.entries(table)) {
    console.log(
      `  ${name.padEnd(34)} p50 ${m.p50.toFixed(0).padStart(5)} µs  p99 ${m.p99.toFixed(0).padStart(5)} µs  ${m.opsPerSec.toFixed(0).padStart(6)} ops/s`,
    );
  }
  const auth = table["PgBouncer: authenticate"]!;
  const unnamed = table["direct: authenticate (prepare: false)"]!;
  const prepared = table["direct: authenticate (prepared)"]!;
  const ratio = (a: Measured, b: Measured) => `${(a.p50 / b.p50).toFixed(2)}x`;
  console.log(
    `  PgBouncer: authenticate p50 ${ratio(auth, base)} of SELECT 1 through it, ${ratio(auth, bare)} of the bare lookup through it, ${ratio(auth, unnamed)} of direct unnamed, ${ratio(auth, prepared)} of direct prepared`,
  );
  console.log(
    `  PgBouncer's hop: SELECT 1 ${ratio(base, direct)} of direct; unnamed statements: direct authenticate ${ratio(unnamed, prepared)} of prepared`,
  );
}

const started = performance.now();
console.log(
  `load average at start: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(", ")} (${availableParallelism()} cores)`,
);
const directUrl = await ensureDatabase(PG_URL, DATABASE);
const admin = new pg.Pool({ connectionString: directUrl, max: 2 });
const cleanup: (() => Promise<unknown>)[] = [];
const bouncer = await startPgBouncer({ serverUrl: directUrl, poolSize: SERVER_CONNECTIONS });
const schema = `${SCHEMA_PREFIX}${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
try {
  const { rows: stale } = await admin.query<{ name: string }>(
    "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1",
    [`${SCHEMA_PREFIX}%`],
  );
  for (const { name } of stale) await admin.query(`DROP SCHEMA "${name}" CASCADE`);
  await load(admin, schema);
  console.log(
    `PgBouncer 1.18 (transaction mode, default_pool_size ${SERVER_CONNECTIONS}) in front of ${DATABASE}; ${KEYS} user keys`,
  );
  const ops: Record<string, () => Promise<unknown>> = {};
  for (const driver of DRIVERS) {
    for (const [name, run] of Object.entries(
      await singleProcessOps(driver, directUrl, bouncer.url, schema, cleanup),
    )) {
      ops[`${driver} ${name}`] = run;
    }
  }
  const measured = await compare(ops);
  for (const driver of DRIVERS) {
    const prefix = `${driver} `;
    print(
      driver,
      Object.fromEntries(
        Object.entries(measured).flatMap(([name, m]) =>
          name.startsWith(prefix) ? [[name.slice(prefix.length), m]] : [],
        ),
      ),
    );
  }
  for (const driver of DRIVERS)
    await multiProcess(driver, directUrl, bouncer.url, bouncer.adminUrl, admin, schema);
} finally {
  for (const release of cleanup) await release().catch(() => {});
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
  await admin.end();
  await bouncer.close();
}
console.log(
  `\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadavg()
    .map((n) => n.toFixed(1))
    .join(", ")}`,
);
