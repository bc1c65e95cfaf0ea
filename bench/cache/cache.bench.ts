/**
 * The verified-key cache (`createKeyward({ cache })`): cached `authenticate()` on PostgreSQL and
 * Redis next to the same call on the memory store and next to the uncached call, in one run; then a
 * flood of distinct unknown keys against a small set of real ones.
 *
 * Goals (issue 12): cached authenticate on PostgreSQL and Redis within 1.5x of the memory store, and
 * at least 20x faster than uncached; a flood of 1 million distinct unknown keys leaves the hit rate
 * for real keys above 99% and the entries bounded by `maxEntries`. The Redis row with an invalidation
 * bus (`redisBus`, subscribed) has the same goal: the bus is off the request path. Invalidation
 * across processes is measured by redis-bus.bench.ts.
 *
 * Needs KEYWARD_TEST_PG_URL and KEYWARD_TEST_REDIS_URL (the same servers the tests use); without
 * them those rows are left out, and said so. KEYWARD_BENCH_FLOOD=100000 shrinks the flood.
 *
 * Run: pnpm bench cache (from the root).
 */
import { randomBytes } from "node:crypto";
import {
  createKeyward,
  type InvalidationBus,
  type Keyward,
  type KeywardStore,
  memoryStore,
} from "@keyward/core";
import { postgresStore } from "@keyward/postgres";
import { redisBus, redisStore } from "@keyward/redis";
import pg from "pg";
import { createClient } from "redis";
import { measureInterleaved, printMedians } from "../lib/interleaved";

const CACHE = { ttlMs: 60_000, maxEntries: 10_000 };
const MEMORY = "memory store (no cache)";

async function seeded(store: KeywardStore, cached: boolean): Promise<{ keyward: Keyward; key: string }> {
  const keyward = createKeyward({ store, ...(cached ? { cache: CACHE } : {}) });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const { key } = await keyward.keys.create({ userId: "alice" });
  return { keyward, key };
}

/** A second instance on the same store, so cached and uncached rows use the same data. */
function twin(store: KeywardStore, cached: boolean): Keyward {
  return createKeyward({ store, ...(cached ? { cache: CACHE } : {}) });
}

/** A cached twin with an invalidation bus, once the bus is subscribed (before, the cache is off). */
async function subscribedTwin(store: KeywardStore, bus: InvalidationBus): Promise<Keyward> {
  let subscribed!: () => void;
  const up = new Promise<void>((resolve) => {
    subscribed = resolve;
  });
  const keyward = createKeyward({
    store,
    cache: {
      ...CACHE,
      bus: {
        publish: (message) => bus.publish(message),
        subscribe: (onMessage, onStatus) =>
          bus.subscribe(onMessage, (connected) => {
            onStatus(connected);
            if (connected) subscribed();
          }),
      },
    },
  });
  await up;
  return keyward;
}

async function main(): Promise<void> {
  const memory = await seeded(memoryStore(), false);
  const rows = [{ name: MEMORY, run: () => memory.keyward.authenticate(memory.key) }];
  const goals: { name: string; against: string; atMost?: number; atLeast?: number }[] = [];
  const cleanup: Array<() => Promise<unknown>> = [];

  const pgUrl = process.env.KEYWARD_TEST_PG_URL;
  if (pgUrl !== undefined) {
    const pool = new pg.Pool({ connectionString: pgUrl, max: 4 });
    const schema = `keyward_bench_cache_${process.pid}`;
    const store = postgresStore(pool, { schema });
    await store.migrate();
    const { key } = await seeded(store, false);
    const cached = twin(store, true);
    const uncached = twin(store, false);
    rows.push(
      { name: "postgres, cached", run: () => cached.authenticate(key) },
      { name: "postgres, uncached", run: () => uncached.authenticate(key) },
    );
    goals.push(
      { name: "postgres, cached", against: MEMORY, atMost: 1.5 },
      { name: "postgres, uncached", against: "postgres, cached", atLeast: 20 },
    );
    cleanup.push(async () => {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    });
  } else console.log("postgres rows left out: KEYWARD_TEST_PG_URL is not set");

  const redisUrl = process.env.KEYWARD_TEST_REDIS_URL;
  if (redisUrl !== undefined) {
    const client = createClient({ url: redisUrl });
    await client.connect();
    const prefix = `keyward-bench-cache-${process.pid}:`;
    const store = redisStore(client, { prefix });
    await store.migrate();
    const { key } = await seeded(store, false);
    const cached = twin(store, true);
    const uncached = twin(store, false);
    const withBus = await subscribedTwin(store, redisBus(client, { prefix }));
    rows.push(
      { name: "redis, cached", run: () => cached.authenticate(key) },
      { name: "redis, cached, with bus", run: () => withBus.authenticate(key) },
      { name: "redis, uncached", run: () => uncached.authenticate(key) },
    );
    goals.push(
      { name: "redis, cached", against: MEMORY, atMost: 1.5 },
      { name: "redis, cached, with bus", against: MEMORY, atMost: 1.5 },
      { name: "redis, uncached", against: "redis, cached", atLeast: 20 },
    );
    cleanup.push(async () => {
      await withBus.close();
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
        if (keys.length > 0) await client.del(keys);
      }
      await client.quit();
    });
  } else console.log("redis rows left out: KEYWARD_TEST_REDIS_URL is not set");

  // Uncached server round trips are ~100x slower: smaller batches keep the run short.
  const medians = await measureInterleaved(rows, { rounds: 9, batch: 2_000, warmup: 2_000 });
  console.log("\n## authenticate(), valid user key");
  printMedians(medians, MEMORY, goals);
  await flood();
  for (const done of cleanup) await done();
}

/** Distinct unknown keys at full rate, interleaved with a few real ones: real keys must stay cached. */
async function flood(): Promise<void> {
  const total = Number(process.env.KEYWARD_BENCH_FLOOD ?? 1_000_000);
  const base = memoryStore();
  let lookups = 0;
  const store: KeywardStore = {
    ...base,
    lookupKey: (hash) => {
      lookups++;
      return base.lookupKey!(hash);
    },
  };
  const keyward = createKeyward({
    store,
    cache: { ttlMs: 60_000, maxEntries: 1_000, maxNegativeEntries: 1_000 },
  });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["a"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const real = await Promise.all(Array.from({ length: 100 }, () => keyward.keys.create({ userId: "alice" })));
  for (const { key } of real) await keyward.authenticate(key);
  let realChecks = 0;
  let realMisses = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i++) {
    await keyward.authenticate(`USR-${randomBytes(20).toString("hex")}`);
    if (i % 100 === 0) {
      const before = lookups;
      await keyward.authenticate(real[(i / 100) % real.length]!.key);
      realChecks++;
      if (lookups !== before) realMisses++;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const hitRate = 1 - realMisses / realChecks;
  console.log(`\n## flood: ${total} distinct unknown keys, 100 real keys checked every 100 requests`);
  console.log(
    `real-key hit rate ${(hitRate * 100).toFixed(2)}% over ${realChecks} checks (${seconds.toFixed(1)} s)`,
  );
  console.log(`goal: real-key hit rate >= 99% ${hitRate >= 0.99 ? "MET" : "NOT MET"}`);
  const memoryMb = process.memoryUsage().heapUsed / 1e6;
  console.log(
    `heap after the flood: ${memoryMb.toFixed(0)} MB (entries bounded by maxEntries + maxNegativeEntries)`,
  );
}

await main();
