/**
 * `authenticate()` on `@keyward/sqlite/bun-sqlite` (`bun:sqlite`, a WAL file on disk) next to a
 * bare prepared `SELECT … WHERE id = ?` on the same table, in one run; see sync-driver.ts and
 * README.md. Goal: within 1.3x of the bare SELECT.
 *
 * Run from bench/: node --conditions=@keyward/source --import tsx stores-sqlite/bun-sqlite.bench.ts
 * It runs itself again under Bun (the `bun` package's binary) when started on Node.
 * (KEYWARD_BENCH_KEYS=10000 for a quicker run; default 100,000 keys.)
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { type BunSqliteDatabase, bunSqliteStore } from "@keyward/sqlite/bun-sqlite";
import { benchSyncDriver } from "./sync-driver";

const bunVersion = (process.versions as Record<string, string | undefined>).bun;
if (bunVersion === undefined) {
  const bun = join(import.meta.dirname, "..", "node_modules", ".bin", "bun");
  const child = spawnSync(bun, ["--conditions=@keyward/source", import.meta.filename], { stdio: "inherit" });
  if (child.error) throw child.error;
  process.exit(child.status ?? 1);
}

// Typed here: the bench has no Bun types.
const { Database } = (await import("bun:sqlite" as string)) as {
  Database: new (
    file: string,
  ) => BunSqliteDatabase & { close(): void; query(sql: string): { get(...params: unknown[]): unknown } };
};

await benchSyncDriver(`bun:sqlite, Bun ${bunVersion}`, (file) => {
  const db = new Database(file);
  db.exec("PRAGMA busy_timeout = 5000");
  return {
    store: bunSqliteStore(db),
    exec: (sql) => db.exec(sql),
    insert: (sql) => {
      const statement = db.prepare(sql);
      return (...params) => statement.run(...params);
    },
    byId: (sql) => {
      // Bun's own `query()` cache and object rows: what an application would write.
      const statement = db.query(sql);
      return (id) => statement.get(id);
    },
    close: () => db.close(),
  };
});
