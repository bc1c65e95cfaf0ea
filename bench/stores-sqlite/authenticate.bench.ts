/**
 * What `authenticate()` costs on the SQLite store (better-sqlite3, a WAL file on disk) with 1
 * thousand and 1 million keys stored, next to a bare prepared `SELECT … WHERE id = ?` on the
 * primary key of the same table, all in one run.
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
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  console.log(`${count} keys stored in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const byId = db.prepare("SELECT id, kind, hash, user_id FROM keyward_keys WHERE id = ?");
  return { db, keyward, key, id: record.id, byId };
}

const thousand = await databaseWithKeys(1_000);
const million = await databaseWithKeys(Number(process.env.KEYWARD_BENCH_MILLION ?? 1_000_000));

bench("bare SELECT by id, 1k keys", () => do_not_optimize(thousand.byId.get(thousand.id)));
bench("bare SELECT by id, 1M keys", () => do_not_optimize(million.byId.get(million.id)));
bench("keyward valid key, 1k keys", async () =>
  do_not_optimize(await thousand.keyward.authenticate(thousand.key)),
);
bench("keyward valid key, 1M keys", async () =>
  do_not_optimize(await million.keyward.authenticate(million.key)),
);
bench("keyward unknown key, 1M keys", async () =>
  do_not_optimize(await million.keyward.authenticate(`USR-${"f".repeat(40)}`)),
);

// Sanity: the benchmarked calls really authenticate.
for (const setup of [thousand, million]) {
  const result = await setup.keyward.authenticate(setup.key);
  if (!result.ok || result.principal.userId !== "alice")
    throw new Error("benchmark key does not authenticate");
}

const results = await run({ format: "quiet" });
printRatioTable(results, {
  baseline: "bare SELECT by id, 1M keys",
  goals: [
    { name: "keyward valid key, 1k keys", against: "bare SELECT by id, 1k keys", atMost: 3 },
    { name: "keyward valid key, 1M keys", against: "bare SELECT by id, 1M keys", atMost: 3 },
    { name: "keyward valid key, 1M keys", against: "keyward valid key, 1k keys", atMost: 1.5 },
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
thousand.db.close();
million.db.close();
