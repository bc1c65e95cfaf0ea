// Smoke test: the Worker, bundled like wrangler bundles it (Worker conditions, never `node`), on
// workerd through miniflare. It bundles from source (`@keyward/source`), so it needs no build; the
// runtime matrix of @keyward/hono covers the built packages.
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ADMIN_KEY = `API-${"5e".repeat(20)}`;
let mf: Miniflare;
let inputs: string[] = [];

beforeAll(async () => {
  const result = await build({
    entryPoints: [join(import.meta.dirname, "..", "src", "index.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["@keyward/source", "workerd", "worker", "browser", "import"],
    mainFields: ["browser", "module", "main"],
    metafile: true,
    logLevel: "silent",
  });
  inputs = Object.keys(result.metafile.inputs);
  mf = new Miniflare({
    modules: true,
    script: result.outputFiles[0]!.text,
    compatibilityDate: "2025-08-01",
    bindings: { ADMIN_KEY, PUBLIC_READS: "true" },
  });
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
});

const call = (
  path: string,
  init: { method?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {},
) =>
  mf.dispatchFetch(`http://worker.test${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.key === undefined ? {} : { "api-key": init.key }),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
  });

const ORIGIN = "http://front-end.test";

describe("examples/hono-workers on workerd", () => {
  it("bundles core's Web Crypto hasher, not the node:crypto one", () => {
    expect(inputs.some((input) => input.endsWith("hash/sha256-web.ts"))).toBe(true);
    expect(inputs.some((input) => input.includes("sha256-node"))).toBe(false);
  });

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
