// Smoke test: the Worker as `wrangler deploy` bundles it (global-setup.ts), on workerd through
// miniflare, with a local D1 database that `wrangler d1 migrations apply --local` prepared.
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caller, startWorker, tempDirs } from "./worker";
import { applyMigrations } from "./wrangler";

const ADMIN_KEY = `API-${"5e".repeat(20)}`;
const dirs = tempDirs();
let mf: Miniflare;

beforeAll(async () => {
  const persistTo = dirs.make();
  await applyMigrations(persistTo);
  mf = await startWorker(persistTo, { ADMIN_KEY });
});

afterAll(async () => {
  await mf?.dispose();
  dirs.removeAll();
});

const call = caller(() => mf);

const ORIGIN = "http://front-end.test";

describe("examples/hono-workers on workerd", () => {
  it("reads posts without a key as the public role, refuses a bad key, and writes only with a key", async () => {
    const open = await call("/api/posts");
    expect(open.status).toBe(200);
    expect(await open.json()).toMatchObject({ as: "public" });

    const bad = await call("/api/posts", { key: `API-${"0".repeat(40)}` });
    expect([bad.status, await bad.text()]).toEqual([401, '{"error":"Authentication failed"}']);

    const anonymousWrite = await call("/api/posts", { method: "POST", body: { title: "x" } });
    expect(anonymousWrite.status).toBe(401);
  });

  it("answers Cockpit's pages snippet with the admin key and without a key (menus are public)", async () => {
    for (const key of [ADMIN_KEY, undefined]) {
      const menus = await call("/api/pages/menus", key === undefined ? {} : { key });
      expect(menus.status).toBe(200);
      expect(((await menus.json()) as { name: string }[]).map((menu) => menu.name)).toEqual([
        "main",
        "footer",
      ]);
    }
    expect((await call("/api/pages/pages")).status).toBe(401);
    expect((await call("/api/pages/pages", { key: ADMIN_KEY })).status).toBe(200);
  });

  it("answers a browser's preflight before authentication, and lets the page read a 401", async () => {
    const preflight = await call("/api/posts", {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "api-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("api-key,authorization,content-type");
    const refused = await call("/api/posts", {
      method: "POST",
      body: { title: "x" },
      headers: { origin: ORIGIN },
    });
    expect([refused.status, await refused.text()]).toEqual([401, '{"error":"Authentication required"}']);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(refused.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
  });

  it("lists its routes at GET /, an unknown route's 404 points there, and POST bodies must be JSON", async () => {
    expect(await (await call("/")).json()).toMatchObject({
      pages: expect.arrayContaining(["GET /api/pages/menus"]),
    });
    const missing = await call("/api/nothing/here", { key: ADMIN_KEY });
    expect([missing.status, await missing.json()]).toEqual([
      404,
      { error: "Not found: GET / lists the routes" },
    ]);
    const form = await call("/api/posts", {
      method: "POST",
      key: ADMIN_KEY,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: '{"title":"Form"}',
    });
    expect([form.status, await form.json()]).toEqual([
      415,
      { error: "The body must be JSON, sent with Content-Type: application/json" },
    ]);
    const broken = await call("/api/posts", { method: "POST", key: ADMIN_KEY, body: '{"title":' });
    expect([broken.status, await broken.json()]).toEqual([
      400,
      { error: "The request body must be valid JSON" },
    ]);
  });

  it("issues an editor key through the management API, which can then write", async () => {
    const created = await call("/api/keyward/keys", {
      method: "POST",
      key: ADMIN_KEY,
      body: { role: "editor" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { key } = (await created.json()) as { key: string };
    expect(key).toMatch(/^API-[0-9a-f]{40}$/);

    const written = await call("/api/posts", { method: "POST", key, body: { title: "From the edge" } });
    expect(written.status).toBe(201);
    const untitled = await call("/api/posts", { method: "POST", key, body: {} });
    expect(untitled.status).toBe(400);
    const denied = await call("/api/keyward/keys", { key });
    expect([denied.status, await denied.text()]).toEqual([403, '{"error":"Permission denied"}']);
  });
});
