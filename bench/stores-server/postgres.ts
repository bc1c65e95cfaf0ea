import { createHash } from "node:crypto";
import { createKeyward } from "@keyward/core";
import { postgresStore } from "@keyward/postgres";
import pg from "pg";
import { type BareStatements, openPostgresJs, postgresJsOps } from "./postgres-js";
import { benchKey, compare, type Measured } from "./stats";

/** Every bench run uses a schema starting with this, so an interrupted run's schema can be found. */
export const PG_BENCH_SCHEMA = "keyward_bench_";

/** The rows of each driver, measured in one interleaved run. */
export interface PostgresResults {
  readonly pg: Record<string, Measured>;
  readonly postgresJs: Record<string, Measured>;
}

function bareStatements(schema: string): BareStatements {
  const keyColumns =
    "k.id, k.kind, k.hash, k.start, k.user_id, k.role, k.name, k.permissions, k.expires_at, k.created_at, k.last_used_at, k.revoked_at";
  const keys = `"${schema}".keyward_keys`;
  return {
    byHash: `SELECT ${keyColumns} FROM ${keys} k WHERE k.hash = $1`,
    joined: `SELECT ${keyColumns}, u.id, u.role, u.active, r.appid, r.name, r.permissions
      FROM ${keys} k
      LEFT JOIN "${schema}".keyward_users u ON k.kind = 'user' AND u.id = k.user_id
      LEFT JOIN "${schema}".keyward_roles r ON r.appid = (CASE WHEN k.kind = 'user' THEN u.role ELSE k.role END)
      WHERE k.hash = $1`,
  };
}

/**
 * Stores `total` keys (half super-role app keys `API-` + i in hex, half user keys), hashes computed
 * in SQL, then measures authenticate() against `SELECT 1` and the bare lookups, on a `pg` pool and
 * on a postgres.js instance side by side (one interleaved run, so both see the same load).
 * @param url - the server
 * @param total - keys to store
 */
export async function benchPostgres(url: string, total: number): Promise<PostgresResults> {
  const half = total / 2;
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  const sql = openPostgresJs(url, 16);
  const schema = `${PG_BENCH_SCHEMA}${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const table = `"${schema}".keyward_keys`;
  try {
    const store = postgresStore(pool, { schema });
    await store.migrate();
    const keyward = createKeyward({ store });
    await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
    await keyward.users.save({ id: "alice", role: "editor", active: true });
    const started = performance.now();
    // The usual bulk load: drop the secondary indexes, insert, rebuild them from their exact
    // definitions (a sorted build beats a million random index inserts), then VACUUM so reads do
    // not pay for setting hint bits.
    const { rows: indexes } = await pool.query<{ name: string; def: string }>(
      "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = $1 AND tablename = 'keyward_keys' AND indexname <> 'keyward_keys_pkey'",
      [schema],
    );
    for (const index of indexes) await pool.query(`DROP INDEX "${schema}"."${index.name}"`);
    // lpad(to_hex(i), 40, '0') is benchKey(); sha256() is core's unpeppered hash. lastUsedAt is set in
    // the future so the once-a-minute usage write stays out of the read path being measured.
    for (const [prefix, kind, owner] of [
      ["API-", "app", "NULL, 'admin'"],
      ["USR-", "user", "'alice', NULL"],
    ] as const) {
      await pool.query(
        `INSERT INTO ${table} (id, kind, hash, start, user_id, role, created_at, last_used_at)
         SELECT '${kind}-' || i, '${kind}', encode(sha256(convert_to(k, 'UTF8')), 'hex'), left(k, 12), ${owner},
                now(), now() + interval '1 day'
         FROM (SELECT i, '${prefix}' || lpad(to_hex(i), 40, '0') AS k FROM generate_series(1, $1) AS i) AS keys`,
        [half],
      );
    }
    for (const index of indexes) await pool.query(index.def);
    await pool.query(`VACUUM ANALYZE ${table}`);
    const loadMs = performance.now() - started;
    const pick = () => 1 + Math.floor(Math.random() * half);
    for (const prefix of ["API-", "USR-"] as const) {
      const check = await keyward.authenticate(benchKey(prefix, pick()));
      if (!check.ok) throw new Error("bulk-loaded key does not authenticate: hashes differ");
    }
    console.log(`  postgres: loaded ${total} keys in ${(loadMs / 1000).toFixed(1)} s`);
    const hashOf = (key: string) => createHash("sha256").update(key).digest("hex");
    const statements = bareStatements(schema);
    const pgOps: Record<string, () => Promise<unknown>> = {
      "SELECT 1": () => pool.query("SELECT 1"),
      // The key alone by hash, bare: the database's cost of the smallest possible lookup.
      "bare lookup by hash (prepared)": () =>
        pool.query({
          name: "bench_lookup",
          text: statements.byHash,
          values: [hashOf(benchKey("API-", pick()))],
        }),
      // The statement lookupKey sends (key + owner + role), bare, for a user key.
      "bare key+owner+role (prepared)": () =>
        pool.query({
          name: "bench_lookup_joined",
          text: statements.joined,
          values: [hashOf(benchKey("USR-", pick()))],
        }),
      "authenticate(app key, 1 query)": () => keyward.authenticate(benchKey("API-", pick())),
      "authenticate(user key, 1 query)": () => keyward.authenticate(benchKey("USR-", pick())),
    };
    const jsOps = await postgresJsOps(sql, schema, statements, pick, hashOf);
    const measured = await compare({
      ...Object.fromEntries(Object.entries(pgOps).map(([name, run]) => [`pg ${name}`, run])),
      ...Object.fromEntries(Object.entries(jsOps).map(([name, run]) => [`js ${name}`, run])),
    });
    const rowsOf = (prefix: string): Record<string, Measured> =>
      Object.fromEntries(
        Object.entries(measured).flatMap(([name, m]) =>
          name.startsWith(prefix) ? [[name.slice(prefix.length), m]] : [],
        ),
      );
    return { pg: rowsOf("pg "), postgresJs: rowsOf("js ") };
  } finally {
    await sql.end({ timeout: 5 });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}

/**
 * Drops the schemas of interrupted runs (a killed process skips its `finally`).
 * @param url - the server
 */
export async function dropStaleSchemas(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const { rows } = await pool.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)",
      [PG_BENCH_SCHEMA],
    );
    for (const { name } of rows) await pool.query(`DROP SCHEMA "${name}" CASCADE`);
  } finally {
    await pool.end();
  }
}
