import type { Keyward } from "@keyward/core";
import { apiKeyAuth, managementApp, requirePermission } from "@keyward/hono";
import { Hono } from "hono";
import { memoryNotes } from "./notes";

/**
 * The example's Hono app: content routes guarded by `content/<model>/read|create`, and keyward's
 * management API, all behind one `apiKeyAuth`. The same code runs on Node, Bun, Deno and Workers;
 * only `server.ts` is Node-specific.
 * @param keyward - the keyward instance
 * @example
 * ```ts
 * serve({ fetch: createApp(keyward).fetch, port: 3000 });
 * ```
 */
export function createApp(keyward: Keyward): Hono {
  const notes = memoryNotes();
  const app = new Hono();

  app.get("/", (c) => c.json({ name: "keyward hono-node example", api: "/api/content/items/:model" }));
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
    async (c) => {
      const body = (await c.req.json().catch(() => null)) as { data?: { title?: unknown } } | null;
      const title = body?.data?.title;
      if (typeof title !== "string" || title.trim() === "" || title.length > 200) {
        return c.json({ error: "data.title must be a non-empty string of at most 200 characters" }, 400);
      }
      const note = notes.add(c.req.param("model"), title);
      return note === null ? c.json({ error: "Model not found" }, 404) : c.json(note, 201);
    },
  );

  app.route("/api/keyward", managementApp(keyward));
  app.notFound((c) => c.json({ error: "Not found" }, 404));
  return app;
}
