import type { Keyward } from "@keyward/core";
import { apiKeyAuth, type KeywardVariables, managementApp, requirePermission } from "@keyward/hono";
import { Hono } from "hono";
import { apiCors } from "./cors";
import { limitBody, readJson, requireJsonType } from "./json-body";
import { pagesRoutes } from "./pages-routes";
import { type SeedBindings, seedOnce } from "./seed";

/** Bindings the routes read: wrangler.toml's `[vars]` and the `ADMIN_KEY` secret. */
export interface AppBindings extends SeedBindings {
  /** Origins a browser front-end may call from: `*` (any, the default) or a comma-separated list. */
  CORS_ORIGINS?: string;
}

/** The app's Hono environment. */
export type AppEnv = { Bindings: AppBindings; Variables: KeywardVariables };

/** What `GET /` lists; an unknown route's 404 points there. */
const ROUTES = {
  name: "keyward on Cloudflare Workers",
  rest: ["GET /api/posts", "POST /api/posts"],
  pages: [
    "GET /api/pages/menus",
    "GET /api/pages/menu/:name",
    "GET /api/pages/pages",
    "GET /api/pages/page/:id",
  ],
  management: "/api/keyward",
};

/**
 * The content API on one keyward instance: CORS, seeding on the isolate's first request, then the
 * routes behind `apiKeyAuth`.
 * @param keyward - the instance, on the store the Worker chose
 * @example
 * ```ts
 * const app = createApp(createKeyward({ store: d1Store(env.DB) }));
 * return app.fetch(request, env, ctx);
 * ```
 */
export function createApp(keyward: Keyward): Hono<AppEnv> {
  // Posts live in the isolate, like the fixed pages: the example is about keys, which live in D1.
  const posts = [{ id: "1", title: "Hello from the edge" }];
  const app = new Hono<AppEnv>();

  // Before apiKeyAuth: preflights carry no key and are answered here; refusals get CORS headers too.
  app.use("*", apiCors());
  app.use("*", seedOnce(keyward));
  app.use("*", async function writeBehind(c, next) {
    await next();
    // workerd drops a request's timers once it has answered, and core writes lastUsedAt on one,
    // behind the answer: waitUntil keeps the request alive until close() has written it. close()
    // leaves the instance working (it would also stop a cache's bus, and there is none here).
    c.executionCtx.waitUntil(keyward.close());
  });

  app.get("/", (c) => c.json(ROUTES));

  app.use("/api/*", apiKeyAuth(keyward));
  app.route("/api/keyward", managementApp(keyward));
  app.route("/api/pages", pagesRoutes());

  app.get("/api/posts", requirePermission("content/posts/read"), (c) =>
    c.json({ posts, as: c.get("auth").kind }),
  );

  app.post("/api/posts", requirePermission("content/posts/create"), requireJsonType, limitBody, async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const title = (body.value as { title?: unknown } | undefined)?.title;
    if (typeof title !== "string" || title === "") return c.json({ error: "title is required" }, 400);
    const post = { id: String(posts.length + 1), title };
    posts.push(post);
    return c.json(post, 201);
  });

  app.notFound((c) => c.json({ error: "Not found: GET / lists the routes" }, 404));
  return app;
}
