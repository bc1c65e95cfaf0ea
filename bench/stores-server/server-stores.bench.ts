/**
 * authenticate() on PostgreSQL (through pg and through postgres.js) and Redis with 1 thousand and
 * 1 million keys stored, next to the bare round trip (SELECT 1, PING) measured in the same run.
 *
 *   cd bench && node --conditions=@keyward/source --import tsx stores-server/server-stores.bench.ts [--small]
 *   (or `pnpm bench stores-server` from the root)
 *
 * Servers: KEYWARD_TEST_PG_URL and KEYWARD_TEST_REDIS_URL (defaults: the local ones).
 * `--small` stops at 1 thousand keys (a quick check). Half of the keys are super-role app keys,
 * half are user keys of a user with a non-super role; both authenticate with one store call
 * (`lookupKey`: key, owner and role in one query / one script).
 * A run first deletes what an interrupted run left (schemas keyward_bench_*, keys keyward-bench:*).
 */
import { createClient } from "redis";
import { benchPostgres, dropStaleSchemas } from "./postgres";
import { benchRedis, deletePrefix, REDIS_BENCH_PREFIX } from "./redis";
import type { Measured } from "./stats";

const PG_URL = process.env.KEYWARD_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.KEYWARD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const sizes = process.argv.includes("--small") ? [1_000] : [1_000, 1_000_000];

type Table = Record<string, Measured>;
const results: Record<string, Record<number, Table>> = {
  postgres: {},
  "postgres.js": {},
  redis: {},
  ioredis: {},
};

function print(store: string, size: number, table: Table, baseline: string): void {
  const base = table[baseline];
  console.log(`\n${store}, ${size.toLocaleString("en")} keys stored`);
  for (const [name, m] of Object.entries(table)) {
    const ratio =
      base === undefined
        ? ""
        : ` p50 ${(m.p50 / base.p50).toFixed(2)}x, throughput ${(base.opsPerSec / m.opsPerSec).toFixed(2)}x of ${baseline}`;
    console.log(
      `  ${name.padEnd(36)} p50 ${m.p50.toFixed(0).padStart(5)} µs  p99 ${m.p99.toFixed(0).padStart(5)} µs  ${m.opsPerSec.toFixed(0).padStart(6)} ops/s ${ratio}`,
    );
  }
}

const started = performance.now();
await dropStaleSchemas(PG_URL);
const cleaner = await createClient({ url: REDIS_URL }).connect();
await deletePrefix(cleaner, REDIS_BENCH_PREFIX);
await cleaner.close();
for (const size of sizes) {
  const postgres = await benchPostgres(PG_URL, size);
  results.postgres![size] = postgres.pg;
  results["postgres.js"]![size] = postgres.postgresJs;
  print("postgres", size, postgres.pg, "SELECT 1");
  print("postgres.js", size, postgres.postgresJs, "SELECT 1");
  // node-redis ("redis") and ioredis rows come from one interleaved measurement over the same keys.
  const redis = await benchRedis(REDIS_URL, size);
  results.redis![size] = redis.nodeRedis;
  print("redis", size, redis.nodeRedis, "PING");
  results.ioredis![size] = redis.ioredis;
  print("ioredis", size, redis.ioredis, "PING");
}

const verdict = (ratio: number, goal: number) =>
  `${ratio.toFixed(2)}x ${ratio <= goal ? "met" : "MISSED"} (goal <= ${goal}x)`;
console.log("\nGoal: authenticate() (one store call) within 1.3x of the bare round trip (p50)");
for (const [store, bySize] of Object.entries(results)) {
  for (const [size, table] of Object.entries(bySize)) {
    // Rows in the order the bench files list them: baseline, bare app lookup, bare user lookup, app, user.
    const [baseline, bareApp, bareUser, app, user] = Object.values(table);
    const keys = Number(size).toLocaleString("en").padStart(9);
    for (const [kind, auth, bare] of [
      ["app key ", app!, bareApp!],
      ["user key", user!, bareUser!],
    ] as const) {
      console.log(
        `  ${store.padEnd(11)} ${keys} keys  ${kind}  ${verdict(auth.p50 / baseline!.p50, 1.3)}; vs its bare lookup: ${verdict(auth.p50 / bare.p50, 1.3)}`,
      );
    }
  }
}
if (sizes.length > 1) {
  console.log("\nGoal: 1 million keys no slower than 1.5x of 1 thousand (p50)");
  for (const [store, bySize] of Object.entries(results)) {
    const small = bySize[1_000]!;
    const large = bySize[1_000_000]!;
    for (const name of Object.keys(small)) {
      console.log(
        `  ${store.padEnd(11)} ${name.padEnd(36)} ${verdict(large[name]!.p50 / small[name]!.p50, 1.5)}`,
      );
    }
  }
}
console.log(
  `\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s (2 shared cores: numbers as measured)`,
);
