import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeywardStore } from "@keyward/core";
import Database from "better-sqlite3";
import { sqliteStore } from "../src/drivers/better-sqlite3";

/** Test helper: temp-file databases and the stores on them. Not exported from the package. */
export interface TestDatabases {
  /** A store on a new database file in a new temp directory, in WAL mode. */
  fresh(): KeywardStore;
  /** Another connection on the file of `store`. */
  peer(store: KeywardStore): KeywardStore;
  /** Closes the connection of `store` and opens the file again. */
  restart(store: KeywardStore): KeywardStore;
  /** Every row of every table as JSON, plus the raw bytes of the database and WAL files. */
  dump(store: KeywardStore): string;
  /** Closes the connection of `store`; removes the directory once no connection to it is left. */
  cleanup(store: KeywardStore): void;
  /** The connection under `store`. */
  database(store: KeywardStore): Database.Database;
}

/** Creates the helper; each `fresh()` is independent. */
export function testDatabases(): TestDatabases {
  const handles = new WeakMap<KeywardStore, { db: Database.Database; dir: string; file: string }>();
  const open = new Map<string, number>();

  const attach = (dir: string, file: string): KeywardStore => {
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    const store = sqliteStore(db);
    handles.set(store, { db, dir, file });
    open.set(dir, (open.get(dir) ?? 0) + 1);
    return store;
  };
  const handle = (store: KeywardStore) => {
    const found = handles.get(store);
    if (found === undefined) throw new Error("not a test database store");
    return found;
  };
  const close = (store: KeywardStore) => {
    const { db, dir } = handle(store);
    if (!db.open) return;
    db.close();
    const left = (open.get(dir) ?? 1) - 1;
    open.set(dir, left);
    if (left === 0) rmSync(dir, { recursive: true, force: true });
  };

  return {
    fresh: () => {
      const dir = mkdtempSync(join(tmpdir(), "keyward-sqlite-"));
      return attach(dir, join(dir, "keyward.db"));
    },
    peer: (store) => attach(handle(store).dir, handle(store).file),
    restart: (store) => {
      const { dir, file } = handle(store);
      // Open the new connection first so closing the old one does not remove the directory.
      const next = attach(dir, file);
      close(store);
      return next;
    },
    dump: (store) => {
      const { db, file } = handle(store);
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map(({ name }) => ({ name, rows: db.prepare(`SELECT * FROM "${name}"`).all() }));
      const raw = [file, `${file}-wal`].map((path) => {
        try {
          return readFileSync(path).toString("latin1");
        } catch {
          return "";
        }
      });
      return [JSON.stringify(tables), ...raw].join("\n");
    },
    cleanup: close,
    database: (store) => handle(store).db,
  };
}
