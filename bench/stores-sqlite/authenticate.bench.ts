/**
 * What `authenticate()` costs on the SQLite store (better-sqlite3, a WAL file on disk) with 1
 * thousand and 1 million keys stored, next to a bare prepared `SELECT … WHERE id = ?` on the
 * primary key of the same table, all in one run. User keys and app keys (of a non-super role) both
 * authenticate through the store's `lookupKey`: key, owner and role in one statement; the store's
 * `lookupKey` is also measured alone, without core.
 *
 * Goals (issue 6): a valid-key authentication within 3x of the bare SELECT, and at 1 million keys no
 * slower than 1.5x of 1 thousand keys.
 *
 * Run from bench/: node --conditions=@keyward/source --import tsx stores-sqlite/authenticate.bench.ts
 * (KEYWARD_BENCH_MILLION=200000 for a quicker, smaller run.)
 */
import { hash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKeyward } from "@keyward/core";
import { sqliteStore } from "@keyward/sqlite";
import Database from "better-sqlite3";
import { bench, do_not_optimize, run } from "mitata";
import { printRatioTable } from "../lib/ratio-table";

const dir = mkdtempSync(join(tmpdir(), "keyward-bench-sqlite-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

/** A database with `count` keys: all but one inserted directly, in one transaction. */
async function databaseWithKeys(count: number) {
  const db = new Database(join(dir, `keys-${count}.db`));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const store = sqliteStore(db);
  await store.migrate();
  const keyward = createKeyward({ store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });

  const started = performance.now();
  const insert = db.prepare(
    `INSERT INTO keyward_keys (id, kind, hash, start, user_id, role, name, permissions, expires_at, created_at, last_used_at, revoked_at)
     VALUES (?, 'user', ?, ?, ?, NULL, NULL, NULL, NULL, ?, NULL, NULL)`,
  );
  const createdAt = Date.now();
  // Bulk load the usual way: drop the secondary indexes, insert, rebuild them (a sort, not a
  // million random B-tree inserts), with a page cache large enough for the rebuild.
  db.pragma("cache_size = -262144");
  const indexes = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'keyward_keys' AND sql IS NOT NULL",
    )
    .all();
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
  db.transaction(() => {
    for (let i = 1; i < count; i++) {
      const key = `USR-${i.toString(16).padStart(40, "0")}`;
      // Spread over many owners, as in a real deployment: the user_id index is not one giant run.
      insert.run(`bench-${i}`, hash("sha256", key, "hex"), key.slice(0, 12), `user-${i % 10_000}`, createdAt);
    }
  })();
  for (const index of indexes) db.exec(index.sql);
  db.pragma("cache_size = -2000");
  const { key, record } = await keyward.keys.create({ userId: "alice" });
  const app = await keyward.keys.create({ role: "editor" });
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  console.log(`${count} keys stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const byId = db.prepare("SELECT id, kind, hash, user_id FROM keyward_keys WHERE id = ?");
  const lookupKey = store.lookupKey?.bind(store);
  if (lookupKey === undefined) throw new Error("sqliteStore has no lookupKey");
  return {
    db,
    keyward,
    key,
    appKey: app.key,
    hash: hash("sha256", key, "hex"),
    lookupKey,
    id: record.id,
    byId,
  };
}

const thousand = await databaseWithKeys(1_000);
const million = await databaseWithKeys(Number(process.env.KEYWARD_BENCH_MILLION ?? 1_000_000));

bench("bare SELECT by id, 1k keys", () => do_not_optimize(thousand.byId.get(thousand.id)));
bench("bare SELECT by id, 1M keys", () => do_not_optimize(million.byId.get(million.id)));
bench("store.lookupKey (1 statement), 1M keys", () => do_not_optimize(million.lookupKey(million.hash)));
bench("keyward valid key, 1k keys", async () =>
  do_not_optimize(await thousand.keyward.authenticate(thousand.key)),
);
bench("keyward valid key, 1M keys", async () =>
  do_not_optimize(await million.keyward.authenticate(million.key)),
);
bench("keyward app key, 1M keys", async () =>
  do_not_optimize(await million.keyward.authenticate(million.appKey)),
);
bench("keyward unknown key, 1M keys", async () =>
  do_not_optimize(await million.keyward.authenticate(`USR-${"f".repeat(40)}`)),
);

// Sanity: the benchmarked calls really authenticate.
for (const setup of [thousand, million]) {
  const result = await setup.keyward.authenticate(setup.key);
  if (!result.ok || result.principal.userId !== "alice")
    throw new Error("benchmark key does not authenticate");
  const app = await setup.keyward.authenticate(setup.appKey);
  if (!app.ok || !app.principal.can("content/posts/read"))
    throw new Error("benchmark app key does not authenticate");
}

const results = await run({ format: "quiet" });
printRatioTable(results, {
  baseline: "bare SELECT by id, 1M keys",
  goals: [
    { name: "keyward valid key, 1k keys", against: "bare SELECT by id, 1k keys", atMost: 3 },
    { name: "keyward valid key, 1M keys", against: "bare SELECT by id, 1M keys", atMost: 3 },
    { name: "keyward valid key, 1M keys", against: "keyward valid key, 1k keys", atMost: 1.5 },
    { name: "keyward app key, 1M keys", against: "bare SELECT by id, 1M keys", atMost: 3 },
  ],
});

// Throughput and latency percentiles, from the same measurements.
interface Stats {
  avg: number;
  p50: number;
  p99: number;
}
const rows = (results as { benchmarks: { alias: string; runs: { stats?: Stats }[] }[] }).benchmarks;
console.log(
  `\n${"benchmark".padEnd(32)}  ${"p50 µs".padStart(8)}  ${"p99 µs".padStart(8)}  ${"ops/s".padStart(10)}`,
);
for (const row of rows) {
  const stats = row.runs[0]?.stats;
  if (!stats) continue;
  console.log(
    `${row.alias.padEnd(32)}  ${(stats.p50 / 1000).toFixed(2).padStart(8)}  ${(stats.p99 / 1000).toFixed(2).padStart(8)}  ${Math.round(
      1e9 / stats.avg,
    )
      .toString()
      .padStart(10)}`,
  );
}
// The same rows again, interleaved call by call (A, B, C, A, B, C, …): on a shared machine a burst of
// load then hits every row alike, so these ratios hold steadier than mitata's row-after-row ones.
const interleaved: Record<string, () => unknown> = {
  "bare SELECT by id, 1k keys": () => thousand.byId.get(thousand.id),
  "bare SELECT by id, 1M keys": () => million.byId.get(million.id),
  "store.lookupKey, 1M keys": () => million.lookupKey(million.hash),
  "keyward user key, 1k keys": () => thousand.keyward.authenticate(thousand.key),
  "keyward user key, 1M keys": () => million.keyward.authenticate(million.key),
  "keyward app key, 1M keys": () => million.keyward.authenticate(million.appKey),
};
const samples = new Map<string, number[]>(Object.keys(interleaved).map((name) => [name, []]));
for (let i = 0; i < 30_000; i++) {
  for (const [name, op] of Object.entries(interleaved)) {
    const started = process.hrtime.bigint();
    // Every row is awaited, so each pays the same microtask.
    do_not_optimize(await op());
    if (i >= 3_000) samples.get(name)?.push(Number(process.hrtime.bigint() - started) / 1000);
  }
}
const quantile = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
const p50s = new Map<string, number>();
console.log(
  `\ninterleaved (27,000 samples each)  ${"p50 µs".padStart(8)}  ${"p99 µs".padStart(8)}  p50 ratio`,
);
for (const [name, list] of samples) {
  const sorted = list.sort((a, b) => a - b);
  p50s.set(name, quantile(sorted, 0.5));
  const against = name.endsWith("1k keys") ? "bare SELECT by id, 1k keys" : "bare SELECT by id, 1M keys";
  console.log(
    `${name.padEnd(32)}  ${quantile(sorted, 0.5).toFixed(2).padStart(8)}  ${quantile(sorted, 0.99).toFixed(2).padStart(8)}  ${(
      quantile(sorted, 0.5) / (p50s.get(against) ?? Number.NaN)
    ).toFixed(2)}x of ${against}`,
  );
}
const userRatio = (p50s.get("keyward user key, 1M keys") ?? 0) / (p50s.get("keyward user key, 1k keys") ?? 1);
console.log(`keyward user key, 1M keys / 1k keys (p50): ${userRatio.toFixed(2)}x`);

thousand.db.close();
million.db.close();
