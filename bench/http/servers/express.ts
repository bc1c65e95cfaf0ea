/**
 * One Express benchmark server, run as a child process pinned to core 0 by the harness.
 * argv: `express5 | express4`, then the variant:
 * - `bare`: one route, no middleware;
 * - `empty`: two empty middlewares where keyward's two go (the floor);
 * - `keyward`: `apiKeyAuth` app-wide on /api and `requirePermission` on the route;
 * - `passport`: passport + passport-headerapikey doing a `Map` lookup.
 * Diagnostics, run only when named: `async-empty` (the first middleware continues in a microtask),
 * `stub-auth` (keyward's shape with a principal resolved once, handed on in `req.auth`),
 * `stub-locals` and `stub-weakmap` (the same, handed on in `res.locals` under a symbol, or in a
 * `WeakMap` keyed by the request), `hash-only` (one SHA-256 of the
 * key), `authenticate-only` (core's `authenticate()` without the HTTP layer), `auth-only`
 * (`apiKeyAuth` alone).
 */
import { hash } from "node:crypto";
import type { Principal } from "@keyward/core";
import { apiKeyAuth, requirePermission } from "@keyward/express";
// The diagnostics set req.auth themselves; keyward is the only library here that declares it.
import "@keyward/express/augment";
import type { Express, NextFunction, Request, Response } from "express";
import passport from "passport";
import { HeaderAPIKeyStrategy } from "passport-headerapikey";
import { benchKeyward } from "./bench-keyward";
import { serveToHarness } from "./serve";

const [major, variant] = process.argv.slice(2) as ["express5" | "express4", string];
const express = (major === "express4" ? await import("express4") : await import("express")).default;
const { keyward, key } = await benchKeyward();

const app: Express = express();
app.disable("x-powered-by");
app.disable("etag");
const handler = (_req: Request, res: Response) => {
  res.json({ ok: true });
};
const pass = (_req: Request, _res: Response, next: NextFunction) => next();

switch (variant) {
  case "bare":
    app.get("/api/posts", handler);
    break;
  case "empty":
    app.use("/api", pass);
    app.get("/api/posts", pass, handler);
    break;
  case "keyward":
    app.use("/api", apiKeyAuth(keyward));
    app.get("/api/posts", requirePermission("content/posts/read"), handler);
    break;
  case "passport": {
    const users = new Map<string, { id: string }>([[key, { id: "alice" }]]);
    passport.use(
      new HeaderAPIKeyStrategy({ header: "api-key", prefix: "" }, false, (apiKey, done) => {
        done(null, users.get(apiKey) ?? false);
      }),
    );
    // Two middlewares, as for the others: passport's app-wide one, and the strategy on the route.
    app.use(passport.initialize());
    app.get("/api/posts", passport.authenticate("headerapikey", { session: false }), handler);
    break;
  }
  case "async-empty":
    app.use("/api", (_req, _res, next) => {
      Promise.resolve().then(() => next());
    });
    app.get("/api/posts", pass, handler);
    break;
  case "stub-auth": {
    const resolved = await keyward.authenticate(key);
    if (!resolved.ok) throw new Error("the bench key must authenticate");
    app.use("/api", (req, _res, next) => {
      req.auth = resolved.principal;
      next();
    });
    app.get(
      "/api/posts",
      (req, _res, next) => (req.auth?.can("content/posts/read") ? next() : next("route")),
      handler,
    );
    break;
  }
  case "stub-locals": {
    const resolved = await keyward.authenticate(key);
    if (!resolved.ok) throw new Error("the bench key must authenticate");
    const slot = Symbol("auth");
    app.use("/api", (_req, res, next) => {
      (res.locals as Record<symbol, unknown>)[slot] = resolved.principal;
      next();
    });
    app.get(
      "/api/posts",
      (_req, res, next) =>
        ((res.locals as Record<symbol, unknown>)[slot] as Principal | undefined)?.can("content/posts/read")
          ? next()
          : next("route"),
      handler,
    );
    break;
  }
  case "stub-weakmap": {
    const resolved = await keyward.authenticate(key);
    if (!resolved.ok) throw new Error("the bench key must authenticate");
    const states = new WeakMap<Request, Principal>();
    app.use("/api", (req, _res, next) => {
      states.set(req, resolved.principal);
      next();
    });
    app.get(
      "/api/posts",
      (req, _res, next) => (states.get(req)?.can("content/posts/read") ? next() : next("route")),
      handler,
    );
    break;
  }
  case "hash-only":
    app.use("/api", (req, _res, next) => {
      if (hash("sha256", String(req.headers["api-key"]), "hex").length === 64) next();
    });
    app.get("/api/posts", pass, handler);
    break;
  case "authenticate-only":
    app.use("/api", (req, _res, next) => {
      keyward.authenticate(String(req.headers["api-key"])).then((result) => {
        if (result.ok) req.auth = result.principal;
        next();
      });
    });
    app.get("/api/posts", pass, handler);
    break;
  case "auth-only":
    app.use("/api", apiKeyAuth(keyward));
    app.get("/api/posts", pass, handler);
    break;
  default:
    throw new Error(`unknown Express variant ${variant}`);
}

serveToHarness(app.listen(0, "127.0.0.1"), { "api-key": key });
