/**
 * The Worker behind authenticate.bench.ts: it runs inside workerd with a D1 binding and times, from
 * inside the Worker, what a request handler would do: a bare prepared `SELECT … WHERE id = ?` on
 * D1, the store's `lookupKey`, and `authenticate()` of a user key and of an app key.
 *
 *   POST /setup?keys=N   migrate, seed, store N keys, issue the measured user and app keys
 *   GET  /measure?calls=M  M calls of every variant, interleaved call by call (A B C D, A B C D,
 *                          …) so that load from elsewhere hits every variant alike, each awaited
 *                          before the next; answers { variant: ns per call }
 */
import { createKeyward, type Keyward, type KeywardStore } from "@keyward/core";
import { type D1DatabaseLike, d1Store } from "@keyward/sqlite/d1";

interface Env {
  readonly DB: D1DatabaseLike;
}

interface Setup {
  readonly keyward: Keyward;
  readonly store: KeywardStore;
  readonly userKey: string;
  readonly appKey: string;
  readonly userKeyId: string;
  readonly userKeyHash: string;
}

let setup: Setup | undefined;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function prepare(env: Env, count: number): Promise<Setup> {
  const store = d1Store(env.DB);
  await store.migrate();
  const keyward = createKeyward({ store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  // The other keys: user keys spread over many owners, inserted directly, 500 per batch.
  const insert = env.DB.prepare(
    `INSERT INTO keyward_keys (id, kind, hash, start, user_id, role, name, permissions, expires_at, created_at, last_used_at, revoked_at)
     VALUES (?, 'user', ?, ?, ?, NULL, NULL, NULL, NULL, ?, NULL, NULL)`,
  );
  const createdAt = Date.now();
  for (let first = 1; first < count; first += 500) {
    const batch = [];
    for (let i = first; i < Math.min(first + 500, count); i++) {
      const hex = i.toString(16).padStart(64, "0");
      batch.push(insert.bind(`bench-${i}`, hex, `USR-${hex.slice(0, 8)}`, `user-${i % 10_000}`, createdAt));
    }
    await env.DB.batch(batch);
  }
  const user = await keyward.keys.create({ userId: "alice" });
  const app = await keyward.keys.create({ role: "editor" });
  return {
    keyward,
    store,
    userKey: user.key,
    appKey: app.key,
    userKeyId: user.record.id,
    userKeyHash: await sha256Hex(user.key),
  };
}

function variants(env: Env, s: Setup): Record<string, () => Promise<unknown>> {
  const byId = env.DB.prepare("SELECT id, kind, hash, user_id FROM keyward_keys WHERE id = ?");
  const lookupKey = s.store.lookupKey?.bind(s.store);
  if (lookupKey === undefined) throw new Error("d1Store has no lookupKey");
  return {
    "bare D1 SELECT by id": () => byId.bind(s.userKeyId).raw(),
    "store.lookupKey": async () => lookupKey(s.userKeyHash),
    "authenticate user key": () => s.keyward.authenticate(s.userKey),
    "authenticate app key": () => s.keyward.authenticate(s.appKey),
  };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/setup") {
      setup = await prepare(env, Number(url.searchParams.get("keys") ?? 10_000));
      const checks = await Promise.all([
        setup.keyward.authenticate(setup.userKey),
        setup.keyward.authenticate(setup.appKey),
      ]);
      if (!checks.every((result) => result.ok)) throw new Error("the benchmark keys do not authenticate");
      return Response.json({ variants: Object.keys(variants(env, setup)) });
    }
    if (url.pathname === "/measure" && setup !== undefined) {
      const runs = Object.entries(variants(env, setup));
      const totals = runs.map(() => 0);
      const calls = Number(url.searchParams.get("calls") ?? 200);
      // workerd advances its clock on I/O, and every call awaits D1: each reading is the time the
      // previous call's last I/O completed.
      let last = performance.now();
      for (let i = 0; i < calls; i++) {
        for (const [index, [, run]] of runs.entries()) {
          await run();
          const now = performance.now();
          totals[index] = (totals[index] ?? 0) + (now - last);
          last = now;
        }
      }
      return Response.json(
        Object.fromEntries(runs.map(([name], index) => [name, ((totals[index] ?? 0) * 1e6) / calls])),
      );
    }
    return new Response("not found", { status: 404 });
  },
};
