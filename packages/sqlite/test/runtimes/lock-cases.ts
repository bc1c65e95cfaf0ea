// Lock handling on a driver that runs outside this Node 20 process (node:sqlite, bun:sqlite),
// registered by its conformance file: the driver must report a lock as busy, so the store fails
// fast and holds lastUsedAt back instead of freezing or dropping it. Two connections of one
// process on one file, as in src/lock-waits.test.ts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeywardStore, StoredKey } from "@keyward/core";
import { afterEach, describe, expect, it } from "vitest";
import type { SqliteStoreOptions } from "../../src/options";

/** A connection as a lock test needs it. */
export interface LockConnection {
  exec(sql: string): void;
  /** The connection's busy timeout now, in ms. */
  busyTimeout(): number;
  close(): void;
}

/** Opens a connection on `file` (in the file's journal mode), with a store on it. */
export type OpenForLocks = (
  file: string,
  options?: SqliteStoreOptions,
) => { connection: LockConnection; store: KeywardStore & { close(): Promise<void> } };

const KEY: StoredKey = {
  id: "k1",
  kind: "app",
  hash: "a".repeat(64),
  start: "API-00000000",
  userId: null,
  role: "bot",
  name: null,
  permissions: null,
  expiresAt: null,
  createdAt: new Date(0),
  lastUsedAt: null,
  revokedAt: null,
};

/**
 * Registers the lock cases.
 * @param name - the driver and runtime, for the report
 * @param open - opens connections and stores with the driver
 */
export function describeLockCases(name: string, open: OpenForLocks): void {
  describe(`${name}: locks`, () => {
    const cleanups: (() => void)[] = [];
    afterEach(() => {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    });
    const tempFile = () => {
      const dir = mkdtempSync(join(tmpdir(), "keyward-sqlite-locks-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return join(dir, "keyward.db");
    };
    const connect = (file: string, options?: SqliteStoreOptions) => {
      const opened = open(file, options);
      cleanups.push(() => opened.connection.close());
      return opened;
    };

    it("a locked read throws (never answers null) and the store fails fast until it succeeds again", async () => {
      const file = tempFile();
      const { connection, store } = connect(file, { busyTimeoutMs: 50 });
      connection.exec("PRAGMA journal_mode = DELETE");
      await store.migrate();
      const other = connect(file).connection;
      other.exec("BEGIN EXCLUSIVE");
      expect(() => store.getRole("editor")).toThrow(/locked|busy/i);
      expect(connection.busyTimeout()).toBe(0);
      expect(() => store.lookupKey?.("a".repeat(64))).toThrow(/locked|busy/i);
      other.exec("COMMIT");
      expect(store.getRole("editor")).toBeNull();
      expect(connection.busyTimeout()).toBe(50);
    });

    it("a lastUsedAt write is held back while locked (not thrown, not lost), and written by close()", async () => {
      const file = tempFile();
      const { connection, store } = connect(file, { busyTimeoutMs: 250 });
      connection.exec("PRAGMA journal_mode = WAL");
      await store.migrate();
      store.insertKey(KEY);
      const other = connect(file).connection;
      other.exec("BEGIN IMMEDIATE");
      store.touchKey("k1", new Date(60_000));
      // WAL: reads go on while another connection holds the write lock.
      expect(store.getKey("k1")).toMatchObject({ lastUsedAt: null });
      other.exec("COMMIT");
      await store.close();
      expect(store.getKey("k1")).toMatchObject({ lastUsedAt: new Date(60_000) });
    });
  });
}
