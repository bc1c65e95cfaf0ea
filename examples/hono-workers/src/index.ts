// A content API on Cloudflare Workers: API keys, roles and the public role with keyward.
//
// The store here is keyward's memory store, which lives as long as one Worker isolate: fine for a
// demo and for tests, NOT for production (each isolate has its own keys, and they vanish on
// eviction). For production, implement core's `KeywardStore` over D1, KV or Durable Objects and pass
// it to `createKeyward` instead; nothing else changes.
import { createKeyward, memoryStore } from "@keyward/core";
import { apiKeyAuth, type KeywardVariables, managementApp, requirePermission } from "@keyward/hono";
import { Hono } from "hono";

/** Bindings from wrangler.toml (`[vars]`) and secrets (`wrangler secret put ADMIN_KEY`). */
export interface Bindings {
  /** An `API-` + 40 hex key with the admin role, for the management API. Keep it a secret. */
  ADMIN_KEY: string;
  /** `"true"` lets requests without a key read posts (the public role). */
  PUBLIC_READS?: string;
}

type AppEnv = { Bindings: Bindings; Variables: KeywardVariables };

// createKeyward does no I/O, so it may run at module scope; workerd forbids I/O there, hence the
// seeding on the first request below.
const keyward = createKeyward({ store: memoryStore() });
let seeded: Promise<void> | undefined;

async function seed(env: Bindings): Promise<void> {
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/*"] });
  await keyward.roles.save({ appid: "public", name: "Public API", permissions: ["content/posts/read"] });
  await keyward.settings.setPublicRole(env.PUBLIC_READS === "true" ? "public" : null);
  if (typeof env.ADMIN_KEY === "string" && env.ADMIN_KEY !== "") {
    await keyward.keys.import({ key: env.ADMIN_KEY, role: "admin", name: "ADMIN_KEY secret" });
  }
}

const posts = [{ id: "1", title: "Hello from the edge" }];

const app = new Hono<AppEnv>();

app.use("*", async function seedOnce(c, next) {
  // A failed seed is retried on the next request rather than cached forever.
  seeded ??= seed(c.env).catch((error: unknown) => {
    seeded = undefined;
    throw error;
  });
  await seeded;
  await next();
});

app.get("/", (c) => c.text("keyward on Cloudflare Workers: see README.md"));

app.use("/api/*", apiKeyAuth(keyward));
app.route("/api/keyward", managementApp(keyward));

app.get("/api/posts", requirePermission("content/posts/read"), (c) =>
  c.json({ posts, as: c.get("auth").kind }),
);

app.post("/api/posts", requirePermission("content/posts/create"), async (c) => {
  const body = await c.req.json<{ title?: unknown }>().catch(() => null);
  const title = body?.title;
  if (typeof title !== "string" || title === "") return c.json({ error: "title is required" }, 400);
  const post = { id: String(posts.length + 1), title };
  posts.push(post);
  return c.json(post, 201);
});

export default app;
