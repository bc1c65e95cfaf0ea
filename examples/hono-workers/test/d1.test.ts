// Keys in D1, over HTTP: the Worker as `wrangler deploy` bundles it, on workerd (miniflare), on a
// local D1 database that `wrangler d1 migrations apply --local` prepared from migrations/.
import { cpSync } from "node:fs";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caller, startWorker, tempDirs } from "./worker";
import { applyMigrations } from "./wrangler";

const ADMIN_KEY = `API-${"d1".repeat(20)}`;
const FAILED = [401, '{"error":"Authentication failed"}'];
const dirs = tempDirs();
const running = new Set<Miniflare>();
let migrated: string;

beforeAll(async () => {
  migrated = dirs.make();
  await applyMigrations(migrated);
});

afterAll(async () => {
  await Promise.all([...running].map((mf) => mf.dispose()));
  dirs.removeAll();
});

/** A database of its own for each test: a copy of the migrated one, files closed. */
function migratedDatabase(): string {
  const persistTo = dirs.make();
  cpSync(migrated, persistTo, { recursive: true });
  return persistTo;
}

async function start(
  persistTo: string,
  bindings: Record<string, string> = { ADMIN_KEY },
  onOutput?: (text: string) => void,
) {
  const mf = await startWorker(persistTo, bindings, onOutput);
  running.add(mf);
  return { mf, call: caller(() => mf) };
}

async function stop(mf: Miniflare): Promise<void> {
  running.delete(mf);
  await mf.dispose();
}

const status = async (response: Response) => [response.status, await response.text()];
const json = async <T>(response: Promise<Response>) => (await (await response).json()) as T;

type Issued = { key: string; record: { id: string } };
type KeyList = { keys: { id: string; name: string }[] };

describe("examples/hono-workers on D1", () => {
  it("walks create → authenticate → refresh → old key 401 → revoke, with the key's row in D1", async () => {
    const { mf, call } = await start(migratedDatabase());
    const alice = await call("/api/keyward/users/alice", {
      method: "PUT",
      key: ADMIN_KEY,
      body: { role: "editor", active: true },
    });
    expect(alice.status).toBe(200);

    const created = await call("/api/keyward/keys", {
      method: "POST",
      key: ADMIN_KEY,
      body: { userId: "alice" },
    });
    expect(created.status).toBe(201);
    const { key, record } = (await created.json()) as Issued;
    expect(key).toMatch(/^USR-[0-9a-f]{40}$/);

    const read = await call("/api/pages/pages", { key });
    expect(read.status).toBe(200);
    const written = await call("/api/posts", { method: "POST", key, body: { title: "From D1" } });
    expect(written.status).toBe(201);

    const refreshed = await call("/api/keyward/me/keys/refresh", { method: "POST", key });
    expect(refreshed.status).toBe(200);
    const renewed = (await refreshed.json()) as Issued;
    expect(renewed.record.id).toBe(record.id);
    expect(renewed.key).not.toBe(key);
    expect(await status(await call("/api/pages/pages", { key }))).toEqual(FAILED);
    expect((await call("/api/pages/pages", { key: renewed.key })).status).toBe(200);

    const revoked = await call(`/api/keyward/keys/${record.id}`, { method: "DELETE", key: ADMIN_KEY });
    expect(revoked.status).toBe(204);
    expect(await status(await call("/api/pages/pages", { key: renewed.key }))).toEqual(FAILED);

    // The row the flow left, read from D1 itself: one key for alice, revoked, its hash never the plaintext.
    const db = await mf.getD1Database("DB");
    const rows = await db
      .prepare("SELECT id, kind, hash, revoked_at IS NOT NULL FROM keyward_keys WHERE user_id = ?")
      .bind("alice")
      .raw();
    expect(rows).toEqual([[record.id, "user", expect.stringMatching(/^[0-9a-f]{64}$/), 1]]);
  });

  it("keeps keys, revocations and edited roles across a restart on the same D1, seeding nothing twice", async () => {
    const persistTo = migratedDatabase();
    const first = await start(persistTo);
    const issue = () =>
      json<Issued>(
        first.call("/api/keyward/keys", { method: "POST", key: ADMIN_KEY, body: { role: "editor" } }),
      );
    const kept = (await issue()).key;
    const dropped = await issue();
    const revoke = { method: "DELETE", key: ADMIN_KEY };
    expect((await first.call(`/api/keyward/keys/${dropped.record.id}`, revoke)).status).toBe(204);
    // An edit through the management API: the seed only adds missing roles, so a restart keeps it.
    const editor = { appid: "editor", name: "Editor", permissions: ["content/posts/read"] };
    const edited = await first.call("/api/keyward/roles/editor", {
      method: "PUT",
      key: ADMIN_KEY,
      body: editor,
    });
    expect(edited.status).toBe(200);
    await stop(first.mf);

    const second = await start(persistTo);
    expect((await second.call("/api/posts", { key: kept })).status).toBe(200);
    expect(await status(await second.call("/api/posts", { key: dropped.key }))).toEqual(FAILED);
    expect((await second.call("/api/pages/pages", { key: kept })).status).toBe(403);
    expect(await json(second.call("/api/keyward/roles/editor", { key: ADMIN_KEY }))).toEqual(editor);
    const admins = await json<KeyList>(second.call("/api/keyward/keys?role=admin", { key: ADMIN_KEY }));
    expect(admins.keys.map((record) => record.name)).toEqual(["ADMIN_KEY secret"]);
  });

  it("imports a new ADMIN_KEY secret on the next start and keeps a revoked one revoked", async () => {
    const persistTo = migratedDatabase();
    const NEW_KEY = `API-${"0d".repeat(20)}`;
    const first = await start(persistTo);
    const [admin] = (await json<KeyList>(first.call("/api/keyward/keys?role=admin", { key: ADMIN_KEY })))
      .keys;
    await stop(first.mf);

    const second = await start(persistTo, { ADMIN_KEY: NEW_KEY });
    expect((await second.call("/api/pages/pages", { key: NEW_KEY })).status).toBe(200);
    // The old secret works until revoked: rotate by revoking it with the new one.
    const revoked = await second.call(`/api/keyward/keys/${admin?.id}`, { method: "DELETE", key: NEW_KEY });
    expect(revoked.status).toBe(204);
    await stop(second.mf);

    const third = await start(persistTo);
    expect(await status(await third.call("/api/pages/pages", { key: ADMIN_KEY }))).toEqual(FAILED);
  });

  it("writes lastUsedAt behind the answer, kept alive by waitUntil (workerd drops a finished request's timers)", async () => {
    const { mf, call } = await start(migratedDatabase());
    expect((await call("/api/posts", { key: ADMIN_KEY })).status).toBe(200);
    const db = await mf.getD1Database("DB");
    const lastUsed = async () =>
      (await db.prepare("SELECT last_used_at FROM keyward_keys WHERE role = 'admin'").raw())[0]?.[0];
    // Written after the answer, so looked for until a generous deadline; without waitUntil it never comes.
    const deadline = Date.now() + 30_000;
    while ((await lastUsed()) === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await lastUsed()).toEqual(expect.any(Number));
  });

  it("on a database without the migrations, answers 500 and logs the command that applies them", async () => {
    let output = "";
    const { call } = await start(dirs.make(), { ADMIN_KEY }, (text) => {
      output += text;
    });
    expect((await call("/api/posts")).status).toBe(500);
    const deadline = Date.now() + 30_000;
    while (!output.includes("wrangler d1 migrations apply DB --local") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(output).toContain("keyward's tables are missing from the D1 database bound as DB");
  });
});
