// The Hono app the Workers, Bun and Deno smokes share: the same routes as every other smoke.
import { apiKeyAuth, getAuth, requirePermission } from "@keyward/hono";
import { Hono } from "hono";

/** @param keyward - a keyward instance (memory store) */
export function createApp(keyward) {
  const app = new Hono();
  app.use("/api/*", apiKeyAuth(keyward));
  app.get("/api/posts", requirePermission("posts/read"), (c) => c.json({ kind: getAuth(c)?.kind }));
  app.get("/api/drafts", requirePermission("posts/write"), (c) => c.json({ drafts: [] }));
  return app;
}
