// The adapter through `app.request()`, without a socket: the shared table needs a URL, so these are
// the cases that matter for the Hono translation itself (Fetch Headers, onError, mounting, options).
import { isKeywardError } from "@keyward/core";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { apiKeyAuth, type KeywardHttpError, managementApp, requirePermission } from "../src/index";
import { createTestApp } from "./conformance-app";
import { createWorld } from "./world";

const FAILED = '{"error":"Authentication failed"}';
const CONFLICT = '{"error":"Conflicting credentials"}';

async function answer(response: Response) {
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get("content-type"),
    wwwAuthenticate: response.headers.get("www-authenticate"),
  };
}

describe("credentials through Fetch Headers", () => {
  it("refuses two different api-key headers, which Fetch joins with a comma", async () => {
    const { keyward, editorKey, adminKey } = await createWorld();
    const headers = new Headers();
    headers.append("api-key", editorKey);
    headers.append("api-key", adminKey);
    expect(headers.get("api-key")).toBe(`${editorKey}, ${adminKey}`);
    const reply = await answer(await createTestApp(keyward).request("/api/posts", { headers }));
    expect(reply).toMatchObject({ status: 400, body: CONFLICT });
  });

  it("accepts the same key repeated, in both headers", async () => {
    const { keyward, editorKey } = await createWorld();
    const headers = new Headers([
      ["api-key", editorKey],
      ["api-key", editorKey],
      ["authorization", `bEaReR ${editorKey}`],
    ]);
    const reply = await createTestApp(keyward).request("/api/posts", { headers });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ auth: { kind: "user", userId: "alice" } });
  });

  it("reads Fetch headers, and a Workers binding named incoming is not mistaken for Node's request", async () => {
    const { keyward, editorKey, adminKey } = await createWorld();
    const app = createTestApp(keyward);
    const workers = await app.request(
      "/api/posts",
      { headers: { "api-key": editorKey } },
      { incoming: { rawHeaders: ["api-key", adminKey], method: "GET", url: "/api/posts" } },
    );
    expect(await workers.json()).toMatchObject({ auth: { userId: "alice" } });
  });

  it("refuses a query key unless allowQueryKey, and then uses it", async () => {
    const { keyward, editorKey } = await createWorld();
    const refused = await createTestApp(keyward).request(`/api/posts?api_key=${editorKey}`);
    expect(refused.status).toBe(400);
    const allowed = await createTestApp(keyward, { allowQueryKey: true }).request(
      `/api/posts?api_key=${editorKey}`,
    );
    expect(allowed.status).toBe(200);
  });

  it("answers a failed key with the same bytes in-process as the table checks over HTTP", async () => {
    const { keyward } = await createWorld();
    const reply = await answer(
      await createTestApp(keyward).request("/api/posts", { headers: { "api-key": "USR-nope" } }),
    );
    expect(reply).toEqual({
      status: 401,
      body: FAILED,
      contentType: "application/json; charset=utf-8",
      wwwAuthenticate: 'Bearer realm="keyward", error="invalid_token"',
    });
  });
});

describe("store failures", () => {
  it("answer 503 with Retry-After, never 401 or the public role, and tell onError the cause", async () => {
    const world = await createWorld();
    await world.keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
    await world.keyward.settings.setPublicRole("public");
    const seen: KeywardHttpError[] = [];
    const app = new Hono();
    app.use(
      "/api/*",
      apiKeyAuth(world.keyward, {
        onError: (err) => {
          seen.push(err);
          throw err;
        },
      }),
    );
    app.get("/api/posts", requirePermission("content/posts/read"), (c) => c.text("ok"));
    world.breakStore();
    for (const headers of [{}, { "api-key": world.editorKey }]) {
      const response = await app.request("/api/posts", { headers });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      expect(await response.text()).toBe('{"error":"Service unavailable"}');
    }
    expect(seen.map((err) => err.code)).toEqual(["service_unavailable", "service_unavailable"]);
    expect(isKeywardError(seen[1]?.cause, "STORE_UNAVAILABLE")).toBe(true);
    // Nothing an operator might log carries the key.
    for (const err of seen)
      expect(`${err.message} ${String(err.cause)} ${err.stack}`).not.toContain(world.editorKey);
  });
});

describe("onError", () => {
  it("takes over refusals of apiKeyAuth and requirePermission with the app's own Response", async () => {
    const { keyward, editorKey } = await createWorld();
    const app = new Hono();
    app.use(
      "/api/*",
      apiKeyAuth(keyward, {
        onError: (err, c) => c.json({ mine: err.code, reason: err.reason }, err.status),
      }),
    );
    app.delete(
      "/api/posts",
      requirePermission("content/posts/delete", {
        onError: (err, c) => c.json({ mine: err.code }, err.status),
      }),
      (c) => c.text("deleted"),
    );
    const bad = await app.request("/api/posts", { method: "DELETE", headers: { "api-key": "USR-x" } });
    expect([bad.status, await bad.json()]).toEqual([
      401,
      { mine: "authentication_failed", reason: "malformed" },
    ]);
    const denied = await app.request("/api/posts", { method: "DELETE", headers: { "api-key": editorKey } });
    expect([denied.status, await denied.json()]).toEqual([403, { mine: "permission_denied" }]);
  });

  it("rethrown, reaches app.onError, whose HTTPException default still sends the exact answer", async () => {
    const { keyward } = await createWorld();
    const app = new Hono();
    app.use("/api/*", apiKeyAuth(keyward, { onError: (err) => Promise.reject(err) }));
    app.get("/api/posts", (c) => c.text("ok"));
    const reply = await answer(await app.request("/api/posts", { headers: { "api-key": "USR-x" } }));
    expect(reply).toEqual({
      status: 401,
      body: FAILED,
      contentType: "application/json; charset=utf-8",
      wwwAuthenticate: 'Bearer realm="keyward", error="invalid_token"',
    });
  });
});

describe("requirePermission", () => {
  it("is a 401, never a pass, without apiKeyAuth in front", async () => {
    const app = new Hono();
    app.get("/x", requirePermission("content/posts/read"), (c) => c.text("leak"));
    const response = await app.request("/x");
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('{"error":"Authentication required"}');
  });

  it("computes a requirement from route params", async () => {
    const { keyward, editorKey } = await createWorld();
    const app = createTestApp(keyward);
    const headers = { "api-key": editorKey };
    expect((await app.request("/api/items/posts", { headers })).status).toBe(200);
    expect((await app.request("/api/items/pages", { headers })).status).toBe(403);
  });

  it("treats a function returning garbage as a bug (500), not as a pass", async () => {
    const { keyward, editorKey } = await createWorld();
    const app = new Hono();
    app.use("*", apiKeyAuth(keyward));
    app.get(
      "/x",
      requirePermission(() => ({ all: [] })),
      (c) => c.text("leak"),
    );
    const errors: unknown[] = [];
    app.onError((err, c) => {
      errors.push(err);
      return c.text("bug", 500);
    });
    const response = await app.request("/x", { headers: { "api-key": editorKey } });
    expect(response.status).toBe(500);
    expect(errors).toEqual([expect.any(TypeError)]);
  });
});

describe("eager validation", () => {
  it("rejects bad arguments when the middleware is created", async () => {
    const { keyward } = await createWorld();
    const loose = apiKeyAuth as (...args: unknown[]) => unknown;
    const looseGuard = requirePermission as (...args: unknown[]) => unknown;
    expect(() => loose({})).toThrow(/keyward instance/);
    expect(() => loose(keyward, { optional: "yes" })).toThrow(/optional must be a boolean/);
    expect(() => loose(keyward, { onError: "log" })).toThrow(/onError must be a function/);
    expect(() => looseGuard("")).toThrow(TypeError);
    expect(() => looseGuard({ all: [] })).toThrow(/non-empty array/);
    expect(() => looseGuard({ all: ["a"], any: ["b"] })).toThrow(TypeError);
    expect(() => looseGuard("a", { onError: 1 })).toThrow(/onError must be a function/);
    expect(() => (managementApp as (...args: unknown[]) => unknown)(null)).toThrow(/keyward instance/);
  });
});

describe("managementApp", () => {
  const create = (key: string, body: string) => ({
    method: "POST",
    headers: { "api-key": key, "content-type": "application/json" },
    body,
  });

  it("works under a mount point with params, and at the root", async () => {
    const { keyward, adminKey } = await createWorld();
    const app = new Hono();
    app.use("*", apiKeyAuth(keyward));
    app.route("/tenants/:tenant/keyward", managementApp(keyward));
    app.route("/", managementApp(keyward));
    for (const path of ["/tenants/acme/keyward/keys", "/keys"]) {
      const response = await app.request(path, create(adminKey, '{"role":"editor"}'));
      expect(response.status, path).toBe(201);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("authenticates by itself when no apiKeyAuth is in front", async () => {
    const { keyward, adminKey, editorKey } = await createWorld();
    const app = new Hono().route("/keyward", managementApp(keyward));
    expect((await app.request("/keyward/keys", { headers: { "api-key": adminKey } })).status).toBe(200);
    expect((await app.request("/keyward/keys", { headers: { "api-key": editorKey } })).status).toBe(403);
    expect((await app.request("/keyward/keys", { headers: { "api-key": "USR-x" } })).status).toBe(401);
    expect((await app.request("/keyward/keys")).status).toBe(401);
  });

  it("refuses bodies over the limit with 413, and reads bodies an earlier middleware parsed", async () => {
    const { keyward, adminKey } = await createWorld();
    const app = new Hono();
    app.use("*", apiKeyAuth(keyward));
    app.use("/parsed/*", async (c, next) => {
      await c.req.json();
      await next();
    });
    app.route("/keyward", managementApp(keyward));
    app.route("/parsed/keyward", managementApp(keyward));
    const big = JSON.stringify({ role: "editor", name: "x".repeat(200_000) });
    const tooLarge = await app.request("/keyward/keys", create(adminKey, big));
    expect(tooLarge.status).toBe(413);
    const parsed = await app.request("/parsed/keyward/keys", create(adminKey, '{"role":"editor"}'));
    expect(parsed.status).toBe(201);
    const badJson = await app.request("/keyward/keys", create(adminKey, "{nope"));
    expect([badJson.status, await badJson.text()]).toEqual([
      400,
      '{"error":"The request body must be valid JSON"}',
    ]);
  });

  it("decodes path segments once (no double decoding of %25)", async () => {
    const { keyward, adminKey } = await createWorld();
    const app = new Hono().route("/keyward", managementApp(keyward));
    const response = await app.request("/keyward/roles/a%2525b", {
      method: "PUT",
      headers: { "api-key": adminKey, "content-type": "application/json" },
      body: JSON.stringify({ name: "A", permissions: [] }),
    });
    // Decoded once, "a%2525b" is "a%25b", which validation names back (twice would give "a%b").
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('(got \\"a%25b\\")');
  });
});
