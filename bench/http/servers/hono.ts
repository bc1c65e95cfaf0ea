/**
 * One Hono benchmark server on @hono/node-server, run as a child process pinned to core 0 by the
 * harness. argv: the variant:
 * - `bare`: one route, no middleware;
 * - `empty`: two empty async middlewares where keyward's two go (the floor);
 * - `keyward`: `apiKeyAuth` on /api/* and `requirePermission` on the route;
 * - `bearer`: `hono/bearer-auth` with one fixed, key-shaped token.
 * Diagnostics, run only when named: `authenticate` (the floor plus `keyward.authenticate()` of the
 * bench key, without the adapter); `hash-only` (the floor plus one SHA-256 of the key: a known,
 * small amount of CPU, to see what it costs once inside the HTTP server); `js-work` (the floor
 * plus about as much plain JavaScript work, no native call). Neither reads the request's headers:
 * on @hono/node-server that alone builds a Fetch `Headers` object, which costs more.
 */
import { hash } from "node:crypto";
import { serve } from "@hono/node-server";
import { apiKeyAuth, requirePermission } from "@keyward/hono";
import { Hono, type MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { benchKeyward } from "./bench-keyward";
import { serveToHarness } from "./serve";

const variant = process.argv[2];
const { keyward, key } = await benchKeyward();

const app = new Hono();
const handler = (c: { json(value: unknown): Response }) => c.json({ ok: true });
// The floor: async middlewares (as createMiddleware makes them) that only call next().
const pass: MiddlewareHandler = async (_c, next) => {
  await next();
};
let headers: Record<string, string> = { "api-key": key };

switch (variant) {
  case "bare":
    app.get("/api/posts", handler);
    break;
  case "empty":
    app.use("/api/*", pass);
    app.get("/api/posts", pass, handler);
    break;
  case "keyward":
    app.use("/api/*", apiKeyAuth(keyward));
    app.get("/api/posts", requirePermission("content/posts/read"), handler);
    break;
  case "bearer":
    app.use("/api/*", bearerAuth({ token: key }));
    app.get("/api/posts", handler);
    headers = { authorization: `Bearer ${key}` };
    break;
  case "authenticate":
    app.use("/api/*", async (_c, next) => {
      const result = await keyward.authenticate(key);
      if (!result.ok) throw new Error("the bench key must authenticate");
      await next();
    });
    app.get("/api/posts", pass, handler);
    break;
  case "hash-only":
    app.use("/api/*", async (_c, next) => {
      if (hash("sha256", key, "hex").length !== 64) throw new Error("no hash");
      await next();
    });
    app.get("/api/posts", pass, handler);
    break;
  case "js-work": {
    let sink = 0;
    app.use("/api/*", async (_c, next) => {
      const value = key;
      for (let i = 0; i < value.length; i++) sink = (sink * 31 + value.charCodeAt(i)) | 0;
      if (sink === 0.5) throw new Error("unreachable");
      await next();
    });
    app.get("/api/posts", pass, handler);
    break;
  }
  default:
    throw new Error(`unknown Hono variant ${variant}`);
}

serveToHarness(serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }), headers);
