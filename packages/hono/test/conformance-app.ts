// The app of the shared HTTP table (see StartServer in @keyward/conformance), built with this
// package. Used by the conformance test over real HTTP and by the in-process tests.
import type { Keyward } from "@keyward/core";
import { Hono } from "hono";
import { type ApiKeyAuthOptions, apiKeyAuth } from "../src/api-key-auth";
import { managementApp } from "../src/management-app";
import { requirePermission } from "../src/require-permission";

/**
 * Builds the conformance app: `apiKeyAuth` on `/api/*`, the guarded routes, `/api/open`, and the
 * management API on `/api/keyward`.
 * @param keyward - the instance under test
 * @param options - passed to `apiKeyAuth`
 */
export function createTestApp(keyward: Keyward, options: ApiKeyAuthOptions = {}): Hono {
  const app = new Hono();
  app.use("/api/*", apiKeyAuth(keyward, { ...options, optional: options.optional === true }));
  app.route("/api/keyward", managementApp(keyward));
  const seen = (c: { get(key: "auth"): unknown; json(value: unknown): Response }) =>
    c.json({ auth: c.get("auth") ?? null });
  app.get("/api/posts", requirePermission("content/posts/read"), seen);
  app.post("/api/posts", requirePermission("content/posts/create"), seen);
  app.get(
    "/api/items/:model",
    requirePermission((c) => `content/${c.req.param("model")}/read`),
    seen,
  );
  app.get("/api/all", requirePermission({ all: ["content/posts/read", "content/posts/create"] }), seen);
  app.get("/api/any", requirePermission({ any: ["content/posts/create", "content/pages/read"] }), seen);
  app.get("/api/open", seen);
  return app;
}
