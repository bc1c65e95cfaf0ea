import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeywardStore } from "@keyward/core";

/** A store on a database file, as a runtime opens it. */
export interface OpenedStore {
  readonly store: KeywardStore;
  /** Every table's name and rows. */
  tables(): { name: string; rows: unknown[] }[];
  close(): void;
}

/** Test helper: temp-file databases of any synchronous driver. Not exported from the package. */
export interface FileDatabases {
  fresh(): KeywardStore;
  peer(store: KeywardStore): KeywardStore;
  restart(store: KeywardStore): KeywardStore;
  /** Every row of every table as JSON, plus the raw bytes of the database and WAL files. */
  dump(store: KeywardStore): string;
  cleanup(store: KeywardStore): void;
}

/**
 * Creates the helper over `open`, which opens a file (in WAL mode) with the runtime's driver. It
 * runs in the runtime under test (Node 22, Bun), so it imports no driver itself.
 * @param open - opens a store on a database file
 */
export function fileDatabases(open: (file: string) => OpenedStore): FileDatabases {
  const handles = new WeakMap<KeywardStore, OpenedStore & { dir: string; file: string; closed: boolean }>();
  const openCounts = new Map<string, number>();
  const attach = (dir: string, file: string) => {
    const opened = open(file);
    handles.set(opened.store, { ...opened, dir, file, closed: false });
    openCounts.set(dir, (openCounts.get(dir) ?? 0) + 1);
    return opened.store;
  };
  const handle = (store: KeywardStore) => {
    const found = handles.get(store);
    if (found === undefined) throw new Error("not a test database store");
    return found;
  };
  const close = (store: KeywardStore) => {
    const found = handle(store);
    if (found.closed) return;
    found.closed = true;
    found.close();
    const left = (openCounts.get(found.dir) ?? 1) - 1;
    openCounts.set(found.dir, left);
    if (left === 0) rmSync(found.dir, { recursive: true, force: true });
  };
  return {
    fresh: () => {
      const dir = mkdtempSync(join(tmpdir(), "keyward-sqlite-"));
      return attach(dir, join(dir, "keyward.db"));
    },
    peer: (store) => attach(handle(store).dir, handle(store).file),
    restart: (store) => {
      const next = attach(handle(store).dir, handle(store).file);
      close(store);
      return next;
    },
    dump: (store) => {
      const { file, tables } = handle(store);
      const raw = [file, `${file}-wal`].map((path) => {
        try {
          return readFileSync(path).toString("latin1");
        } catch {
          return "";
        }
      });
      return [JSON.stringify(tables()), ...raw].join("\n");
    },
    cleanup: close,
  };
}
