import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeywardError } from "@keyward/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "./base";
import type { SqliteClient } from "./client";
import { betterSqlite3Client, sqliteStore } from "./drivers/better-sqlite3";

// Two connections of this process on one file. They show which busy timeout each statement runs
// with; what a lock held by another process does to latency is in locked-database.test.ts.
const dirs: string[] = [];
const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "keyward-sqlite-locks-"));
  dirs.push(dir);
  return join(dir, "keyward.db");
}
function open(file: string, options: Database.Options = {}): Database.Database {
  const db = new Database(file, options);
  dbs.push(db);
  return db;
}
const busyTimeout = (db: Database.Database) => db.pragma("busy_timeout", { simple: true });

describe("busy timeout", () => {
  it("is set on the connection: 250 ms by default, the connection's own when shorter, or busyTimeoutMs", () => {
    const file = tempFile();
    const cases: [Database.Options, number | undefined, number][] = [
      [{}, undefined, 250],
      [{ timeout: 100 }, undefined, 100],
      [{}, 400, 400],
      [{ timeout: 100 }, 2000, 2000],
      [{}, 0, 0],
    ];
    for (const [connection, busyTimeoutMs, expected] of cases) {
      const db = open(file, connection);
      sqliteStore(db, busyTimeoutMs === undefined ? {} : { busyTimeoutMs });
      expect(busyTimeout(db)).toBe(expected);
    }
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, "250"])(
    "refuses busyTimeoutMs %s when the store is created",
    (bad) => {
      const db = open(tempFile());
      expect(() => sqliteStore(db, { busyTimeoutMs: bad as number })).toThrow(KeywardError);
      expect(busyTimeout(db)).toBe(5000);
    },
  );

  it("after a call runs out of busy timeout it fails fast, and waits again once a call succeeds", async () => {
    const file = tempFile();
    const db = open(file, { timeout: 5000 });
    db.pragma("journal_mode = DELETE");
    const store = sqliteStore(db, { busyTimeoutMs: 50 });
    await store.migrate();
    const other = open(file);
    other.exec("BEGIN EXCLUSIVE");
    // A failure, not "no such role": the caller must not mistake an outage for a missing row.
    expect(() => store.getRole("editor")).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
    expect(busyTimeout(db)).toBe(0);
    expect(() => store.getPublicRole()).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
    expect(() => store.lookupKey?.("a".repeat(64))).toThrow(expect.objectContaining({ code: "SQLITE_BUSY" }));
    other.exec("COMMIT");
    expect(store.getRole("editor")).toBeNull();
    expect(busyTimeout(db)).toBe(50);
  });

  it("a lastUsedAt write never waits and leaves the busy timeout as it found it", async () => {
    const file = tempFile();
    const db = open(file);
    db.pragma("journal_mode = WAL");
    const store = sqliteStore(db);
    await store.migrate();
    store.insertKey({
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
    });
    const other = open(file, { timeout: 0 });
    other.exec("BEGIN IMMEDIATE");
    // With a 250 ms busy timeout on the connection, waiting would hold this process (and so the
    // other connection, which cannot commit meanwhile) for the whole 250 ms before failing.
    store.touchKey("k1", new Date(60_000));
    expect(busyTimeout(db)).toBe(250);
    expect(store.getKey("k1")).toMatchObject({ lastUsedAt: null });
    other.exec("COMMIT");
    await store.close();
    expect(store.getKey("k1")).toMatchObject({ lastUsedAt: new Date(60_000) });
    store.touchKey("k1", new Date(120_000));
    expect(store.getKey("k1")).toMatchObject({ lastUsedAt: new Date(120_000) });
    expect(busyTimeout(db)).toBe(250);
  });

  it("migrate() waits as long as the connection did before the store shortened it", async () => {
    const db = open(tempFile(), { timeout: 3000 });
    const client = betterSqlite3Client(db);
    const executed: string[] = [];
    const recording: SqliteClient = {
      ...client,
      exec: (sql) => {
        if (/^(PRAGMA|BEGIN|COMMIT)/.test(sql)) executed.push(sql);
        client.exec(sql);
      },
    };
    const store = createSqliteStore(recording);
    await store.migrate();
    expect(executed).toEqual([
      "PRAGMA busy_timeout = 250",
      "PRAGMA busy_timeout = 3000",
      "BEGIN IMMEDIATE",
      "COMMIT",
      "PRAGMA busy_timeout = 250",
    ]);
  });
});
