import { describe, expect, it } from "vitest";
import { memoryStore } from "./memory-store";
import type { StoredKey } from "./types";

// The memory store indexes hashes by their first 7 hex digits. These hashes share them (so does an
// upper-case copy of one), so every operation below has to tell the records in one slot apart by
// the whole hash. The shared conformance suite covers the rest of the store.
const SHARED = "0123456";
const hashA = `${SHARED}${"a".repeat(57)}`;
const hashB = `${SHARED}${"b".repeat(57)}`;
const hashC = `${SHARED}${"c".repeat(57)}`;

function key(id: string, hash: string): StoredKey {
  return {
    id,
    kind: "app",
    start: "API-01234560",
    userId: null,
    role: "reader",
    name: null,
    permissions: null,
    expiresAt: null,
    createdAt: new Date(0),
    lastUsedAt: null,
    revokedAt: null,
    hash,
  };
}

describe("memoryStore: hashes that share an index slot", () => {
  it("finds each record by its own hash only", () => {
    const store = memoryStore();
    store.insertKey(key("a", hashA));
    store.insertKey(key("b", hashB));
    expect(store.findKeyByHash(hashA)).toMatchObject({ id: "a" });
    expect(store.findKeyByHash(hashB)).toMatchObject({ id: "b" });
    expect(store.findKeyByHash(hashC)).toBeNull();
    expect(store.lookupKey?.(hashB)).toMatchObject({ key: { id: "b" } });
    expect(store.lookupKey?.(hashC)).toBeNull();
    expect(store.findKeyByHash(hashA.toUpperCase())).toBeNull();
  });

  it("refuses a duplicate hash even when its slot holds several", () => {
    const store = memoryStore();
    store.insertKey(key("a", hashA));
    store.insertKey(key("b", hashB));
    expect(() => store.insertKey(key("c", hashB))).toThrow(/already stored/);
  });

  it("moves a refreshed key out of the slot and keeps its neighbour", () => {
    const store = memoryStore();
    store.insertKey(key("a", hashA));
    store.insertKey(key("b", hashB));
    expect(store.swapKeySecret("a", hashA, { hash: hashC, start: "API-01234560" })).toBe(true);
    expect(store.findKeyByHash(hashA)).toBeNull();
    expect(store.findKeyByHash(hashC)).toMatchObject({ id: "a" });
    expect(store.findKeyByHash(hashB)).toMatchObject({ id: "b" });
  });

  it("serves the latest version of a record after a revoke or a use", () => {
    const store = memoryStore();
    store.insertKey(key("a", hashA));
    store.insertKey(key("b", hashB));
    const at = new Date(1000);
    store.touchKey("b", at);
    store.revokeKey("a", at);
    expect(store.findKeyByHash(hashA)).toMatchObject({ revokedAt: at });
    expect(store.findKeyByHash(hashB)).toMatchObject({ lastUsedAt: at, revokedAt: null });
    expect(store.getKey("b")).toBe(store.findKeyByHash(hashB));
  });
});
