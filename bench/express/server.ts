/**
 * One benchmark server, run as a child process (pinned to a core by the parent). The variant is
 * argv[2]; the server tells the parent its port and a valid key over IPC, and answers "cpu" messages
 * with process.cpuUsage() so the parent can compute CPU time per request.
 */
// The comparison middlewares set req.auth themselves, as an app using the augmentation would.
import "@keyward/express/augment";
import type { AddressInfo } from "node:net";
import { createKeyward, memoryStore } from "@keyward/core";
import { apiKeyAuth, requirePermission } from "@keyward/express";
import express, { type NextFunction, type Request, type Response } from "express";
import passport from "passport";
import { HeaderAPIKeyStrategy } from "passport-headerapikey";

export type Variant =
  | "bare"
  | "empty"
  | "async-empty"
  | "stub-auth"
  | "hash-only"
  | "authenticate-only"
  | "auth-only"
  | "keyward"
  | "passport";

const variant = process.argv[2] as Variant;
const keyward = createKeyward({ store: memoryStore() });
await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
await keyward.users.save({ id: "alice", role: "editor", active: true });
// Other keys in the store, so the lookup is not in a one-entry map.
for (let i = 0; i < 1000; i++) await keyward.keys.create({ userId: "alice" });
const { key } = await keyward.keys.create({ userId: "alice" });

const app = express();
app.disable("x-powered-by");
app.disable("etag");
const handler = (_req: Request, res: Response) => {
  res.json({ ok: true });
};
const pass = (_req: Request, _res: Response, next: NextFunction) => next();

if (variant === "bare") {
  app.get("/api/posts", handler);
} else if (variant === "empty") {
  // The floor: two middlewares where keyward's two go, doing nothing.
  app.use("/api", pass);
  app.get("/api/posts", pass, handler);
} else if (variant === "async-empty") {
  // The floor of any asynchronous authentication: the same, but the first one continues in a microtask.
  app.use("/api", (_req, _res, next) => {
    Promise.resolve().then(() => next());
  });
  app.get("/api/posts", pass, handler);
} else if (variant === "stub-auth") {
  // keyward's shape without its work: a microtask hop, req.auth set to a principal resolved once, a check.
  const resolved = await keyward.authenticate(key);
  if (!resolved.ok) throw new Error("bench key does not authenticate");
  app.use("/api", (req, _res, next) => {
    Promise.resolve(resolved).then((result) => {
      if (result.ok) req.auth = result.principal;
      next();
    });
  });
  app.get(
    "/api/posts",
    (req, _res, next) => (req.auth?.can("content/posts/read") ? next() : next("route")),
    handler,
  );
} else if (variant === "hash-only") {
  // Diagnostic: the one SHA-256 every authentication needs, and nothing else.
  const { hash } = await import("node:crypto");
  app.use("/api", (req, _res, next) => {
    if (hash("sha256", String(req.headers["api-key"]), "hex").length === 64) next();
  });
  app.get("/api/posts", pass, handler);
} else if (variant === "authenticate-only") {
  // Diagnostic: core's authenticate() without the HTTP layer or the adapter.
  app.use("/api", (req, _res, next) => {
    keyward.authenticate(String(req.headers["api-key"])).then((result) => {
      if (result.ok) req.auth = result.principal;
      next();
    });
  });
  app.get("/api/posts", pass, handler);
} else if (variant === "auth-only") {
  // Diagnostic: apiKeyAuth without requirePermission.
  app.use("/api", apiKeyAuth(keyward));
  app.get("/api/posts", pass, handler);
} else if (variant === "keyward") {
  app.use("/api", apiKeyAuth(keyward));
  app.get("/api/posts", requirePermission("content/posts/read"), handler);
} else if (variant === "passport") {
  const users = new Map<string, { id: string }>([[key, { id: "alice" }]]);
  passport.use(
    new HeaderAPIKeyStrategy({ header: "api-key", prefix: "" }, false, (apiKey, done) => {
      done(null, users.get(apiKey) ?? false);
    }),
  );
  app.use(passport.initialize());
  app.get("/api/posts", passport.authenticate("headerapikey", { session: false }), handler);
} else {
  throw new Error(`unknown variant ${variant}`);
}

const server = app.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ port, key });
});
process.on("message", (message) => {
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
  if (message === "exit") server.close(() => process.exit(0));
});
