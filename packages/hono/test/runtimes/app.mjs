// The app every runtime of the matrix serves (Node, Bun, Deno, workerd). Plain JavaScript on purpose:
// each runtime loads it as it is, so `@keyward/core` and `@keyward/hono` are resolved by the runtime
// itself, from the packages' built `dist`, with that runtime's own export conditions.
import { createKeyward, memoryStore } from "@keyward/core";
import { apiKeyAuth, managementApp, requirePermission } from "@keyward/hono";
import { Hono } from "hono";
import { ADMIN_KEY, EDITOR_KEY } from "./fixtures.mjs";

// Which hasher did core pick? The Web one calls `crypto.subtle`; the Node one never does. Counting
// calls needs no hook in the library, so the check cannot drift from what users run.
const subtle = globalThis.crypto.subtle;
let subtleCalls = 0;
for (const method of ["digest", "sign"]) {
  const original = subtle[method];
  subtle[method] = function countedSubtleCall(...args) {
    subtleCalls++;
    return original.apply(this, args);
  };
}

/** Fills the store with the fixture roles, user and keys. */
async function seed(keyward) {
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
  await keyward.settings.setPublicRole("public");
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  await keyward.keys.import({ key: EDITOR_KEY, userId: "alice" });
  await keyward.keys.import({ key: ADMIN_KEY, role: "admin", name: "ops" });
}

/**
 * Builds the matrix app. Seeding is asynchronous, and workerd allows no I/O at module scope, so the
 * store is filled on the first request rather than at import.
 */
export function createRuntimeApp() {
  const keyward = createKeyward({ store: memoryStore() });
  let seeded;
  const app = new Hono();
  app.use("*", async function seedOnce(_c, next) {
    seeded ??= seed(keyward);
    await seeded;
    await next();
  });
  app.get("/probe", (c) => c.json({ hasher: subtleCalls > 0 ? "web" : "node", subtleCalls }));
  app.use("/api/*", apiKeyAuth(keyward));
  app.route("/api/keyward", managementApp(keyward));
  app.get("/api/posts", requirePermission("content/posts/read"), (c) => {
    const auth = c.get("auth");
    return c.json({ kind: auth.kind, userId: auth.userId });
  });
  app.delete("/api/posts/:id", requirePermission("content/posts/delete"), (c) => c.body(null, 204));
  return app;
}
