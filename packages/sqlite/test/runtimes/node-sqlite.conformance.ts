// The conformance suite on `node:sqlite`, run by vitest under Node 22 (see src/runtimes.test.ts,
// which starts that run and checks its report). Not a `*.test.ts`: Node 20 has no `node:sqlite`.
import { describeStoreConformance } from "@keyward/conformance";
import { type NodeSqliteDatabase, nodeSqliteStore } from "../../src/drivers/node-sqlite";
import { fileDatabases } from "../file-databases";
import { describeLockCases } from "./lock-cases";

type DatabaseSync = NodeSqliteDatabase & { close(): void };
// Typed here: the repository's Node types are Node 20's, which know no `node:sqlite`.
const { DatabaseSync } = (await import("node:sqlite" as string)) as {
  DatabaseSync: new (file: string) => DatabaseSync;
};

// Node 22.16+ returns rows as arrays (`setReturnArrays`); older 22.x as objects, which the
// driver reads in column order. Both are checked: the second hides `setReturnArrays`.
const withoutReturnArrays = (db: DatabaseSync): DatabaseSync => ({
  prepare: (sql) => {
    const statement = db.prepare(sql);
    return {
      get: (...params) => statement.get(...params),
      all: (...params) => statement.all(...params),
      run: (...params) => statement.run(...params),
    };
  },
  exec: (sql) => db.exec(sql),
  close: () => db.close(),
});

for (const [rows, wrap] of [
  ["array rows", (db: DatabaseSync) => db],
  ["object rows", withoutReturnArrays],
] as const) {
  const databases = fileDatabases((file) => {
    const db = new DatabaseSync(file);
    db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000");
    return {
      store: nodeSqliteStore(wrap(db)),
      tables: () => {
        const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[];
        return names.map(({ name }) => ({ name, rows: db.prepare(`SELECT * FROM "${name}"`).all() }));
      },
      close: () => db.close(),
    };
  });

  describeStoreConformance(
    `sqlite (node:sqlite, Node ${process.versions.node}, ${rows}, WAL file)`,
    () => databases.fresh(),
    {
      openPeer: async (store) => databases.peer(store),
      restart: async (store) => databases.restart(store),
      dumpData: async (store) => databases.dump(store),
      cleanup: async (store) => databases.cleanup(store),
    },
  );

  describeLockCases(`sqlite (node:sqlite, Node ${process.versions.node}, ${rows})`, (file, options) => {
    const db = new DatabaseSync(file);
    const timeout = db.prepare("PRAGMA busy_timeout");
    return {
      connection: {
        exec: (sql) => db.exec(sql),
        busyTimeout: () => Number(Object.values(timeout.get() as object)[0]),
        close: () => db.close(),
      },
      store: nodeSqliteStore(wrap(db), options),
    };
  });
}
