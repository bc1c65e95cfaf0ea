import { createKeyward, KeywardError, type StoredKey } from "@keyward/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sqliteStore } from "./drivers/better-sqlite3";

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

describe("sqliteStore specifics", () => {
  it("answers synchronously, without promises, so core skips a microtask per call", async () => {
    const store = sqliteStore(memoryDb());
    await store.migrate();
    const stored = key();
    expect(store.insertKey(stored)).toBeUndefined();
    expect(store.findKeyByHash(stored.hash)).toEqual(stored);
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
      store.findKeyByHash("c".repeat(64));
      store.getUser("alice");
    }
    expect(prepare).toHaveBeenCalledTimes(2);
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
