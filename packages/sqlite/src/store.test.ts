import { createKeyward, KeywardError, type KeywardStore, type StoredKey, type User } from "@keyward/core";
import type { KeyLookup } from "@keyward/core/adapter";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSqliteStore } from "./base";
import type { SqliteClient } from "./client";
import { betterSqlite3Client, sqliteStore } from "./drivers/better-sqlite3";
import { selectKeyLookup } from "./lookup";
import { tableNames } from "./schema";

const dbs: Database.Database[] = [];
function memoryDb(): Database.Database {
  const db = new Database(":memory:");
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

const key = (overrides: Partial<StoredKey> = {}): StoredKey => ({
  id: crypto.randomUUID(),
  kind: "user",
  start: "USR-00000000",
  userId: "alice",
  role: null,
  name: null,
  permissions: null,
  expiresAt: null,
  createdAt: new Date("2024-01-02T03:04:05.678Z"),
  lastUsedAt: null,
  revokedAt: null,
  hash: "a".repeat(64),
  ...overrides,
});

function countingStore(db: Database.Database) {
  const client = betterSqlite3Client(db);
  const counts = { get: 0, run: 0 };
  const counting: SqliteClient = {
    ...client,
    get: (sql, params) => {
      counts.get++;
      return client.get(sql, params);
    },
    run: (sql, params) => {
      counts.run++;
      return client.run(sql, params);
    },
  };
  return { store: createSqliteStore(counting), counts };
}

/** lookupKey is optional in core's type; this store always has it (and answers synchronously). */
function lookup(store: KeywardStore, hash: string): KeyLookup | null {
  if (store.lookupKey === undefined) throw new Error("sqliteStore has no lookupKey");
  return store.lookupKey(hash) as KeyLookup | null;
}

describe("sqliteStore specifics", () => {
  it("answers synchronously, without promises, so core skips a microtask per call", async () => {
    const store = sqliteStore(memoryDb());
    await store.migrate();
    const stored = key();
    expect(store.insertKey(stored)).toBeUndefined();
    expect(store.findKeyByHash(stored.hash)).toEqual(stored);
    expect(lookup(store, stored.hash)).toEqual({ key: stored, user: null, role: null });
    expect(store.getRole("x")).toBeNull();
    expect(store.getUser("alice")).toBeNull();
    expect(store.swapKeySecret(stored.id, stored.hash, { hash: "b".repeat(64), start: "USR-11111111" })).toBe(
      true,
    );
  });

  it("prepares each statement once and reuses it", async () => {
    const db = memoryDb();
    const store = sqliteStore(db);
    await store.migrate();
    const prepare = vi.spyOn(db, "prepare");
    for (let i = 0; i < 5; i++) {
      lookup(store, "c".repeat(64));
      store.findKeyByHash("c".repeat(64));
      store.getUser("alice");
    }
    expect(prepare).toHaveBeenCalledTimes(3);
  });

  it("stores dates as integer milliseconds and permissions as JSON or NULL", async () => {
    const db = memoryDb();
    const store = sqliteStore(db);
    await store.migrate();
    const stored = key({ permissions: [], expiresAt: new Date(Date.UTC(2100, 0, 1, 0, 0, 0, 1)) });
    store.insertKey(stored);
    expect(
      db
        .prepare(
          "SELECT typeof(created_at) AS c, created_at, expires_at, permissions, typeof(revoked_at) AS r FROM keyward_keys",
        )
        .get(),
    ).toEqual({
      c: "integer",
      created_at: stored.createdAt.getTime(),
      expires_at: 4102444800001,
      permissions: "[]",
      r: "null",
    });
  });

  it("keeps stores with different table prefixes apart, and validates the prefix eagerly", async () => {
    const db = memoryDb();
    const a = sqliteStore(db);
    const b = sqliteStore(db, { tablePrefix: "tenant_b_" });
    await a.migrate();
    await b.migrate();
    a.setPublicRole("public");
    expect(b.getPublicRole()).toBeNull();
    expect(
      db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'tenant_b_%'").pluck().get(),
    ).toBeGreaterThan(4);
    for (const bad of ["", "1x", "x; DROP TABLE y", 'x"', "a-b"]) {
      expect(() => sqliteStore(db, { tablePrefix: bad })).toThrow(KeywardError);
    }
  });

  it("maps a duplicate to CONFLICT with a message that names no value", async () => {
    const store = sqliteStore(memoryDb());
    await store.migrate();
    store.insertKey(key());
    let caught: unknown;
    try {
      store.insertKey(key());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KeywardError);
    expect((caught as KeywardError).code).toBe("CONFLICT");
    expect((caught as KeywardError).message).not.toContain("a".repeat(16));
    expect((caught as KeywardError).cause).toBeUndefined();
  });

  it("a failing database is STORE_UNAVAILABLE: never invalid, never the public role", async () => {
    const db = memoryDb();
    const store = sqliteStore(db);
    await store.migrate();
    const keyward = createKeyward({ store });
    await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/**"] });
    await keyward.settings.setPublicRole("public");
    const { key: plaintext } = await keyward.keys.create({ role: "public" });
    db.close();
    await expect(keyward.authenticate(plaintext)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    await expect(keyward.authenticate(null)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
    const error = await keyward.authenticate(plaintext).catch((e: unknown) => e);
    expect(String((error as Error).message)).not.toContain(plaintext.slice(4));
  });
});

describe("one query per authentication", () => {
  it("reads the key, its owner and the role in one statement", async () => {
    const { store, counts } = countingStore(memoryDb());
    await store.migrate();
    const keyward = createKeyward({ store });
    await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
    await keyward.users.save({ id: "alice", role: "editor", active: true });
    const user = await keyward.keys.create({ userId: "alice" });
    const app = await keyward.keys.create({ role: "editor" });
    for (const key of [user.key, app.key]) {
      await keyward.authenticate(key);
      counts.get = 0;
      const result = await keyward.authenticate(key);
      expect(result.ok && result.principal.can("content/posts/read")).toBe(true);
      expect(counts.get).toBe(1);
    }
  });

  it("lookupKey reads what is in the database now: no copy is kept between calls", async () => {
    const db = memoryDb();
    const store = sqliteStore(db);
    await store.migrate();
    store.saveRole({ appid: "editor", name: "Editor", permissions: ["a"] });
    store.saveUser({ id: "alice", role: "editor", active: true });
    const stored = key();
    store.insertKey(stored);
    const sneakyWrite = () => db.prepare("UPDATE keyward_users SET active = 0").run();

    expect(lookup(store, stored.hash)).toEqual({
      key: stored,
      user: { id: "alice", role: "editor", active: true },
      role: { appid: "editor", name: "Editor", permissions: ["a"] },
    });
    // Writes behind the store's back, in the same synchronous run: every read sees them.
    sneakyWrite();
    expect(lookup(store, stored.hash)?.user?.active).toBe(false);
    expect((store.getUser("alice") as User).active).toBe(false);
    db.prepare("UPDATE keyward_roles SET permissions = '[\"b\"]'").run();
    expect(lookup(store, stored.hash)?.role?.permissions).toEqual(["b"]);
    expect(store.getRole("editor")).toEqual({ appid: "editor", name: "Editor", permissions: ["b"] });
  });

  it("findKeyByHash, getUser and getRole are plain reads of one table each", async () => {
    const db = memoryDb();
    const { store, counts } = countingStore(db);
    await store.migrate();
    store.saveRole({ appid: "editor", name: "Editor", permissions: ["a"] });
    store.saveUser({ id: "alice", role: "editor", active: true });
    const stored = key();
    store.insertKey(stored);
    counts.get = 0;
    expect(store.findKeyByHash(stored.hash)).toEqual(stored);
    expect(store.getUser("alice")).toEqual({ id: "alice", role: "editor", active: true });
    expect(store.getRole("editor")).toEqual({ appid: "editor", name: "Editor", permissions: ["a"] });
    expect(counts.get).toBe(3);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id, kind, hash, start, user_id, role, name, permissions, expires_at, created_at, last_used_at, revoked_at FROM keyward_keys WHERE hash = ?",
      )
      .all("0".repeat(64)) as { detail: string }[];
    expect(plan.map((step) => step.detail)).toEqual([expect.stringMatching(/USING INDEX keyward_keys_hash/)]);
  });

  it("knows a missing owner or role is missing, and gives an app key no user", async () => {
    const store = sqliteStore(memoryDb());
    await store.migrate();
    store.saveRole({ appid: "bot", name: "Bot", permissions: [] });
    const orphan = key({ userId: "ghost" });
    const gone = key({ kind: "app", userId: null, role: "gone", hash: "d".repeat(64) });
    const app = key({ kind: "app", userId: null, role: "bot", hash: "e".repeat(64) });
    for (const stored of [orphan, gone, app]) store.insertKey(stored);
    expect(lookup(store, orphan.hash)).toEqual({ key: orphan, user: null, role: null });
    expect(lookup(store, gone.hash)).toEqual({ key: gone, user: null, role: null });
    expect(lookup(store, app.hash)).toEqual({
      key: app,
      user: null,
      role: { appid: "bot", name: "Bot", permissions: [] },
    });
    expect(lookup(store, "f".repeat(64))).toBeNull();
  });
});

describe("query plans", () => {
  it("looks keys up by index only, also after ANALYZE (never a scan, never a re-plan per call)", async () => {
    const db = memoryDb();
    const store = sqliteStore(db);
    await store.migrate();
    store.saveRole({ appid: "editor", name: "Editor", permissions: [] });
    store.saveUser({ id: "alice", role: "editor", active: true });
    for (let i = 0; i < 50; i++) store.insertKey(key({ hash: i.toString(16).padStart(64, "0") }));
    for (const phase of ["before", "after"]) {
      if (phase === "after") db.exec("ANALYZE");
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${selectKeyLookup(tableNames("keyward_"))}`)
        .all("0".repeat(64)) as { detail: string }[];
      const steps = plan.map((step) => step.detail).filter((detail) => /^(SEARCH|SCAN)/.test(detail));
      expect(steps.length, phase).toBe(4);
      for (const step of steps)
        expect(step, phase).toMatch(/^SEARCH .* USING (INDEX keyward_keys_hash|PRIMARY KEY)/);
    }
  });
});
