/**
 * One benchmark server, run as a child process (pinned to a core by the parent): Hono on
 * @hono/node-server. The variant is argv[2]; the server tells the parent its port and the headers a
 * valid request carries over IPC, and answers "cpu" messages with process.cpuUsage() so the parent
 * can compute CPU time per request.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createKeyward, memoryStore } from "@keyward/core";
import { apiKeyAuth, requirePermission } from "@keyward/hono";
import { Hono, type MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";

export type Variant = "bare" | "empty" | "keyward" | "bearer" | "authenticate";

const variant = process.argv[2] as Variant;
const keyward = createKeyward({ store: memoryStore() });
await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
await keyward.users.save({ id: "alice", role: "editor", active: true });
// Other keys in the store, so the lookup is not in a one-entry map.
for (let i = 0; i < 1000; i++) await keyward.keys.create({ userId: "alice" });
const { key } = await keyward.keys.create({ userId: "alice" });
// hono/bearer-auth compares against one fixed token; give it a key-shaped one.
const token = key;

const app = new Hono();
const handler = (c: { json(value: unknown): Response }) => c.json({ ok: true });
// The floor: async middlewares (as createMiddleware makes them) that only call next().
const pass: MiddlewareHandler = async (_c, next) => {
  await next();
};

let headers: Record<string, string> = { "api-key": key };
if (variant === "bare") {
  app.get("/api/posts", handler);
} else if (variant === "empty") {
  app.use("/api/*", pass);
  app.get("/api/posts", pass, handler);
} else if (variant === "keyward") {
  app.use("/api/*", apiKeyAuth(keyward));
  app.get("/api/posts", requirePermission("content/posts/read"), handler);
} else if (variant === "authenticate") {
  // Diagnostic: the floor plus keyward.authenticate() of the known key and nothing of the adapter,
  // to split keyward's cost between core and the Hono translation.
  app.use("/api/*", async (_c, next) => {
    const result = await keyward.authenticate(key);
    if (!result.ok) throw new Error("the bench key must authenticate");
    await next();
  });
  app.get("/api/posts", pass, handler);
} else if (variant === "bearer") {
  app.use("/api/*", bearerAuth({ token }));
  app.get("/api/posts", handler);
  headers = { authorization: `Bearer ${token}` };
} else {
  throw new Error(`unknown variant ${variant}`);
}

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ port, headers });
});
process.on("message", (message) => {
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
  if (message === "exit") server.close(() => process.exit(0));
});
