import type { Keyward } from "@keyward/core";
import { apiKeyAuth, managementRouter, requirePermission } from "@keyward/express";
import express, { type Express } from "express";

const POSTS = [
  { _id: "1", title: "Shared keys" },
  { _id: "2", title: "Every instance asks Redis, so a refresh anywhere is seen everywhere" },
];

/**
 * One instance of the example: a content route and the management API behind `apiKeyAuth`. Each
 * answer names the instance that served it (`x-served-by`), to show which process refused a key.
 * @param keyward - a keyward instance over the shared Redis store
 * @param instance - this process's name
 * @example
 * ```ts
 * createApp(keyward, "a").listen(3000);
 * ```
 */
export function createApp(keyward: Keyward, instance: string): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use((_req, res, next) => {
    res.setHeader("x-served-by", instance);
    next();
  });
  app.use("/api", apiKeyAuth(keyward));
  app.get("/api/content/items/posts", requirePermission("content/posts/read"), (_req, res) => {
    res.json(POSTS);
  });
  app.get("/api/me", requirePermission("content/posts/read"), (req, res) => {
    res.json({
      instance,
      kind: req.auth?.kind,
      userId: req.auth?.userId ?? null,
      role: req.auth?.role ?? null,
    });
  });
  app.use("/api/keyward", managementRouter(keyward));
  app.use((_req, res) => {
    res.status(404).json({ error: "Not found" });
  });
  return app;
}
