// The conformance suite on `bun:sqlite`, run by `bun test` (see src/runtimes.test.ts, which starts
// that run and checks its report). Not a `*.test.ts`: vitest does not run inside Bun.
import { describeStoreConformance } from "@keyward/conformance";
import { type BunSqliteDatabase, bunSqliteStore } from "../../src/drivers/bun-sqlite";
import { fileDatabases } from "../file-databases";
import { describeLockCases } from "./lock-cases";

type Database = BunSqliteDatabase & { close(): void };
// Typed here: the repository has no Bun types.
const { Database } = (await import("bun:sqlite" as string)) as {
  Database: new (file: string) => Database;
};
const bunVersion = (process.versions as Record<string, string | undefined>).bun;

const databases = fileDatabases((file) => {
  const db = new Database(file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000");
  return {
    store: bunSqliteStore(db),
    tables: () =>
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .values()
        .map(([name]) => ({ name: String(name), rows: db.prepare(`SELECT * FROM "${name}"`).values() })),
    close: () => db.close(),
  };
});

describeStoreConformance(`sqlite (bun:sqlite, Bun ${bunVersion}, WAL file)`, () => databases.fresh(), {
  openPeer: async (store) => databases.peer(store),
  restart: async (store) => databases.restart(store),
  dumpData: async (store) => databases.dump(store),
  cleanup: async (store) => databases.cleanup(store),
});

describeLockCases(`sqlite (bun:sqlite, Bun ${bunVersion})`, (file, options) => {
  const db = new Database(file);
  return {
    connection: {
      exec: (sql) => db.exec(sql),
      busyTimeout: () => Number(db.prepare("PRAGMA busy_timeout").values()[0]?.[0]),
      close: () => db.close(),
    },
    store: bunSqliteStore(db, options),
  };
});
