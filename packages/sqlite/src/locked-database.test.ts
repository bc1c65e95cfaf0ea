import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuthResult, createKeyward } from "@keyward/core";
import type { KeyLookup } from "@keyward/core/adapter";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { holdLock, type LockHolder } from "../test/lock-holder";
import { type SqliteStore, sqliteStore } from "./index";

// Another process holds the database's write lock (`BEGIN EXCLUSIVE`, for up to 10 s) while this one
// serves requests. Every call must answer, or fail, within the store's busy timeout: a synchronous
// wait freezes the whole event loop. The bound below is loose (the machine is shared and noisy) but
// far under better-sqlite3's default 5 s busy timeout, which these calls used to wait out.
const BUSY_TIMEOUT_MS = 250;
const BOUND_MS = BUSY_TIMEOUT_MS + 1500;
const TIMEOUT = { timeout: 30_000 };

const holders: LockHolder[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const holder of holders.splice(0)) holder.stop();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type Mode = "wal" | "delete";

/** A seeded database file in `mode`: role editor, user alice, a public role, a user key and an app key. */
async function seeded(mode: Mode) {
  const dir = mkdtempSync(join(tmpdir(), "keyward-sqlite-locked-"));
  const file = join(dir, "keyward.db");
  const db = new Database(file);
  cleanups.push(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db.pragma(`journal_mode = ${mode}`);
  const store = sqliteStore(db);
  await store.migrate();
  const keyward = createKeyward({ store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
  await keyward.settings.setPublicRole("public");
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const user = await keyward.keys.create({ userId: "alice" });
  const app = await keyward.keys.create({ role: "editor" });
  const hash = storedHash(store, user.record.id);
  const lock = async () => {
    const holder = await holdLock(file);
    holders.push(holder);
    return holder;
  };
  return { db, store, keyward, user, app, hash, lock };
}

function storedHash(store: SqliteStore, id: string): string {
  const key = store.getKey(id);
  if (key === null || key instanceof Promise) throw new Error("seeded key missing");
  return key.hash;
}

/** Runs `action`, synchronous or not, and reports how long it took to answer or fail. */
async function timed(action: () => unknown): Promise<{ ms: number; value?: unknown; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await action();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

// What a request gets while the lock is held: in WAL mode readers are not locked out, so
// authentication works (200); in rollback-journal mode they are, so it fails with STORE_UNAVAILABLE
// (503). Never "invalid" or "missing" (401): an outage is not a wrong key.
const expectAnswer = (mode: Mode, outcome: { value?: unknown; error?: unknown }) => {
  if (mode === "wal") expect((outcome.value as AuthResult | undefined)?.ok).toBe(true);
  else expect(outcome.error).toMatchObject({ name: "KeywardError", code: "STORE_UNAVAILABLE" });
};

describe.each<Mode>(["wal", "delete"])(
  "while another process holds the write lock (journal_mode %s)",
  (mode) => {
    it(
      "keyed and keyless requests answer at once: 200 from reads, or 503; never 401, never one wait each",
      TIMEOUT,
      async () => {
        const { db, keyward, user, app, lock } = await seeded(mode);
        const holder = await lock();
        const started = performance.now();
        // Sixty requests in a row, as a busy server would get them: only the first may wait (up to
        // the busy timeout); the rest must not queue one busy timeout each behind it.
        for (let round = 0; round < 20; round++) {
          for (const key of [user.key, app.key, null]) {
            const outcome = await timed(() => keyward.authenticate(key));
            expect(outcome.ms).toBeLessThan(BOUND_MS);
            expectAnswer(mode, outcome);
          }
        }
        expect(performance.now() - started).toBeLessThan(BOUND_MS);
        await holder.release();
        // Once the lock is gone, requests authenticate and calls wait for locks again.
        for (const key of [user.key, app.key, null]) expect((await keyward.authenticate(key)).ok).toBe(true);
        expect(db.pragma("busy_timeout", { simple: true })).toBe(BUSY_TIMEOUT_MS);
      },
    );

    it(
      "store reads answer or throw within the bound, and never answer null for a row that exists",
      TIMEOUT,
      async () => {
        const { store, hash, user, lock } = await seeded(mode);
        await lock();
        const reads = {
          lookupKey: () => (store.lookupKey as (hash: string) => KeyLookup | null)(hash),
          findKeyByHash: () => store.findKeyByHash(hash),
          getKey: () => store.getKey(user.record.id),
          getUser: () => store.getUser("alice"),
          getRole: () => store.getRole("editor"),
          getPublicRole: () => store.getPublicRole(),
        };
        for (const [name, read] of Object.entries(reads)) {
          const outcome = await timed(read);
          expect(outcome.ms, name).toBeLessThan(BOUND_MS);
          if (mode === "wal") expect(outcome.value, name).not.toBeNull();
          else expect(outcome.error, name).toMatchObject({ code: "SQLITE_BUSY" });
        }
      },
    );

    it(
      "management writes wait at most the busy timeout, then fail (STORE_UNAVAILABLE through core)",
      TIMEOUT,
      async () => {
        const { store, keyward, lock } = await seeded(mode);
        await lock();
        const direct = await timed(() => store.saveRole({ appid: "x", name: "X", permissions: [] }));
        expect(direct.ms).toBeLessThan(BOUND_MS);
        expect(direct.error).toMatchObject({ code: "SQLITE_BUSY" });
        for (const write of [
          () => keyward.roles.save({ appid: "y", name: "Y", permissions: [] }),
          () => keyward.keys.create({ role: "editor" }),
          () => keyward.users.save({ id: "bob", role: "editor", active: true }),
        ]) {
          const outcome = await timed(write);
          expect(outcome.ms).toBeLessThan(BOUND_MS);
          expect(outcome.error).toMatchObject({ name: "KeywardError", code: "STORE_UNAVAILABLE" });
        }
      },
    );

    it(
      "a lastUsedAt write never waits: it is held back, then written once the lock is released",
      TIMEOUT,
      async () => {
        const { store, keyward, user, app, lock } = await seeded(mode);
        const holder = await lock();
        const at = new Date("2030-01-01T00:00:00.000Z");
        for (const id of [user.record.id, app.record.id]) {
          const outcome = await timed(() => store.touchKey(id, at));
          expect(outcome.ms).toBeLessThan(BOUND_MS);
          expect(outcome.error).toBeUndefined();
        }
        if (mode === "wal") {
          // Readable meanwhile: nothing written yet. Authenticating (which touches) is not held up either.
          expect(store.getKey(user.record.id)).toMatchObject({ lastUsedAt: null });
          expect((await keyward.authenticate(user.key)).ok).toBe(true);
        }
        await holder.release();
        // Written by the store's retry timer, with no further call.
        for (const id of [user.record.id, app.record.id]) {
          await expect
            .poll(() => (store.getKey(id) as { lastUsedAt: Date | null } | null)?.lastUsedAt?.getTime(), {
              timeout: 10_000,
            })
            .toBeGreaterThanOrEqual(at.getTime());
        }
      },
    );

    it("close() writes the held-back lastUsedAt once the lock is free", TIMEOUT, async () => {
      const { store, app, lock } = await seeded(mode);
      const holder = await lock();
      const at = new Date("2030-01-01T00:00:00.000Z");
      store.touchKey(app.record.id, at);
      await holder.release();
      await store.close();
      expect(store.getKey(app.record.id)).toMatchObject({ lastUsedAt: at });
    });
  },
);
