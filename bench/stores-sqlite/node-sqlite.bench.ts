/**
 * `authenticate()` on `@keyward/sqlite/node-sqlite` (Node 22's `node:sqlite`, a WAL file on disk)
 * next to a bare prepared `SELECT … WHERE id = ?` on the same table, in one run; see
 * sync-driver.ts and README.md. Goal: within 1.3x of the bare SELECT.
 *
 * Run from bench/: node --conditions=@keyward/source --import tsx stores-sqlite/node-sqlite.bench.ts
 * It runs itself again under Node 22 (the `node` package's binary, a dev dependency of
 * @keyward/sqlite) when started on another Node.
 * (KEYWARD_BENCH_KEYS=10000 for a quicker run; default 100,000 keys.)
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type NodeSqliteDatabase, nodeSqliteStore } from "@keyward/sqlite/node-sqlite";
import { benchSyncDriver } from "./sync-driver";

if (!process.versions.node.startsWith("22.")) {
  // The Node 22 that @keyward/sqlite's tests use (its `node` dev dependency). Not a dependency of
  // bench/: its `node` binary would then shadow Node 20 in every bench script.
  const sqlite = dirname(fileURLToPath(import.meta.resolve("@keyward/sqlite/package.json")));
  const node22 = join(sqlite, "node_modules", "node", "bin", "node");
  const child = spawnSync(node22, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  if (child.error) throw child.error;
  process.exit(child.status ?? 1);
}

// Typed here: the bench's Node types are Node 20's, which know no `node:sqlite`.
const { DatabaseSync } = (await import("node:sqlite" as string)) as {
  DatabaseSync: new (file: string) => NodeSqliteDatabase & { close(): void };
};

await benchSyncDriver(`node:sqlite, Node ${process.versions.node}`, (file) => {
  const db = new DatabaseSync(file);
  db.exec("PRAGMA busy_timeout = 5000");
  return {
    store: nodeSqliteStore(db),
    exec: (sql) => db.exec(sql),
    insert: (sql) => {
      const statement = db.prepare(sql);
      return (...params) => statement.run(...params);
    },
    byId: (sql) => {
      const statement = db.prepare(sql);
      return (id) => statement.get(id);
    },
    close: () => db.close(),
  };
});
