import { adminConsole } from "@keyward/admin/hono";
import type { Keyward } from "@keyward/core";
import { apiKeyAuth, managementApp, requirePermission } from "@keyward/hono";
import { Hono } from "hono";
import { apiCors } from "./cors";
import { limitBody, readJson, requireJsonType } from "./json-body";
import { MODELS, memoryNotes } from "./notes";
import { pagesRoutes } from "./pages-routes";

/** Where the admin console is served (outside /api: the page itself needs no key). */
export const CONSOLE_PATH = "/admin";

/** What `GET /` lists; an unknown route's 404 points there. */
const ROUTES = {
  name: "keyward hono-node example",
  rest: ["GET /api/content/items/:model", "POST /api/content/item/:model"],
  pages: [
    "GET /api/pages/menus",
    "GET /api/pages/menu/:name",
    "GET /api/pages/pages",
    "GET /api/pages/page/:id",
  ],
  models: MODELS,
  management: "/api/keyward",
};

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Origins a browser front-end may call from: `"*"` (any, the default) or a list. */
  readonly corsOrigins?: "*" | string[];
}

/**
 * The example's Hono app: content routes guarded by `content/<model>/read|create`, Cockpit's Pages
 * API, and keyward's management API, all behind one `apiKeyAuth`, with CORS answered before it. The
 * same code runs on Node, Bun, Deno and Workers; only `server.ts` is Node-specific.
 * @param keyward - the keyward instance
 * @param options - CORS origins
 * @example
 * ```ts
 * serve({ fetch: createApp(keyward).fetch, port: 3000 });
 * ```
 */
export function createApp(keyward: Keyward, options: AppOptions = {}): Hono {
  const notes = memoryNotes();
  const app = new Hono();

  // Before apiKeyAuth: preflights carry no key and are answered here; refusals get CORS headers too.
  app.use("*", apiCors(options.corsOrigins ?? "*"));
  app.get("/", (c) => c.json(ROUTES));
  app.use("/api/*", apiKeyAuth(keyward));

  app.get(
    "/api/content/items/:model",
    requirePermission((c) => `content/${c.req.param("model")}/read`),
    (c) => {
      const list = notes.list(c.req.param("model"));
      return list === null ? c.json({ error: "Model not found" }, 404) : c.json(list);
    },
  );

  app.post(
    "/api/content/item/:model",
    requirePermission((c) => `content/${c.req.param("model")}/create`),
    requireJsonType,
    limitBody,
    async (c) => {
      const body = await readJson(c);
      if (body instanceof Response) return body;
      const title = (body.value as { data?: { title?: unknown } } | undefined)?.data?.title;
      if (typeof title !== "string" || title.trim() === "" || title.length > 200) {
        return c.json({ error: "data.title must be a non-empty string of at most 200 characters" }, 400);
      }
      const note = notes.add(c.req.param("model"), title);
      return note === null ? c.json({ error: "Model not found" }, 404) : c.json(note, 201);
    },
  );

  app.route("/api/pages", pagesRoutes());
  app.route("/api/keyward", managementApp(keyward));
  app.route(CONSOLE_PATH, adminConsole({ apiBase: "/api/keyward" }));
  app.notFound((c) => c.json({ error: "Not found: GET / lists the routes" }, 404));
  return app;
}
