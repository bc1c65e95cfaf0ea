import type { Keyward } from "@keyward/core";
import { apiKeyAuth, getAuth, managementRouter, requirePermission } from "@keyward/express";
import express, { type Express } from "express";
import { apiCors } from "./cors";

const POSTS = [
  { _id: "1", title: "Shared keys" },
  { _id: "2", title: "Every instance asks Redis, so a refresh anywhere is seen everywhere" },
];

/** What `GET /` lists; an unknown route's 404 points there. */
const ROUTES = {
  name: "keyward express-redis example",
  routes: ["GET /api/content/items/posts", "GET /api/me"],
  management: "/api/keyward",
};

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Origins a browser front-end may call from: `"*"` (any, the default) or a list. */
  readonly corsOrigins?: "*" | string[];
}

/**
 * One instance of the example: a content route and the management API behind `apiKeyAuth`, with
 * CORS answered before it. Each answer names the instance that served it (`x-served-by`), to show
 * which process refused a key.
 * @param keyward - a keyward instance over the shared Redis store
 * @param instance - this process's name
 * @param options - CORS origins
 * @example
 * ```ts
 * createServer(createApp(keyward, "a")).listen(3000);
 * ```
 */
export function createApp(keyward: Keyward, instance: string, options: AppOptions = {}): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use((_req, res, next) => {
    res.setHeader("x-served-by", instance);
    next();
  });
  // Before apiKeyAuth: preflights carry no key and are answered here; refusals get CORS headers too.
  app.use(apiCors(options.corsOrigins ?? "*"));
  app.get("/", (_req, res) => {
    res.json({ ...ROUTES, instance });
  });
  app.use("/api", apiKeyAuth(keyward));
  app.get("/api/content/items/posts", requirePermission("content/posts/read"), (_req, res) => {
    res.json(POSTS);
  });
  app.get("/api/me", requirePermission("content/posts/read"), (req, res) => {
    const auth = getAuth(req);
    res.json({
      instance,
      kind: auth?.kind,
      userId: auth?.userId ?? null,
      role: auth?.role ?? null,
    });
  });
  app.use("/api/keyward", managementRouter(keyward));
  app.use((_req, res) => {
    res.status(404).json({ error: "Not found: GET / lists the routes" });
  });
  return app;
}
