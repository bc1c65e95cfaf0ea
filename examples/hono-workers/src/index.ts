// A content API on Cloudflare Workers: API keys, roles and the public role with keyward.
//
// The store here is keyward's memory store, which lives as long as one Worker isolate: fine for a
// demo and for tests, NOT for production (each isolate has its own keys, and they vanish on
// eviction). For production, implement core's `KeywardStore` over D1, KV or Durable Objects and pass
// it to `createKeyward` instead; nothing else changes.
import { createKeyward, memoryStore } from "@keyward/core";
import { apiKeyAuth, type KeywardVariables, managementApp, requirePermission } from "@keyward/hono";
import { Hono } from "hono";
import { apiCors } from "./cors";
import { limitBody, readJson, requireJsonType } from "./json-body";
import { pagesRoutes } from "./pages-routes";

/** Bindings from wrangler.toml (`[vars]`) and secrets (`wrangler secret put ADMIN_KEY`). */
export interface Bindings {
  /** An `API-` + 40 hex key with the admin role, for the management API. Keep it a secret. */
  ADMIN_KEY: string;
  /** `"true"` lets requests without a key read posts and menus (the public role). */
  PUBLIC_READS?: string;
  /** Origins a browser front-end may call from: `*` (any, the default) or a comma-separated list. */
  CORS_ORIGINS?: string;
}

type AppEnv = { Bindings: Bindings; Variables: KeywardVariables };

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

// createKeyward does no I/O, so it may run at module scope; workerd forbids I/O there, hence the
// seeding on the first request below.
const keyward = createKeyward({ store: memoryStore() });
let seeded: Promise<void> | undefined;

async function seed(env: Bindings): Promise<void> {
  await keyward.roles.save({
    appid: "editor",
    name: "Editor",
    permissions: ["content/posts/*", "pages/*/read"],
  });
  await keyward.roles.save({
    appid: "public",
    name: "Public API",
    permissions: ["content/posts/read", "pages/menus/read"],
  });
  await keyward.settings.setPublicRole(env.PUBLIC_READS === "true" ? "public" : null);
  if (typeof env.ADMIN_KEY === "string" && env.ADMIN_KEY !== "") {
    await keyward.keys.import({ key: env.ADMIN_KEY, role: "admin", name: "ADMIN_KEY secret" });
  }
}

const posts = [{ id: "1", title: "Hello from the edge" }];

const app = new Hono<AppEnv>();

// Before apiKeyAuth: preflights carry no key and are answered here; refusals get CORS headers too.
app.use("*", apiCors());

app.use("*", async function seedOnce(c, next) {
  // A failed seed is retried on the next request rather than cached forever.
  seeded ??= seed(c.env).catch((error: unknown) => {
    seeded = undefined;
    throw error;
  });
  await seeded;
  await next();
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

export default app;
