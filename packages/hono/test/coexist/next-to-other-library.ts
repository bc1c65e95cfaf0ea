// keyward next to a library that declares its own `auth` in ContextVariableMap: it compiles.
import "./other-library";
import { createKeyward, memoryStore, type Principal } from "@keyward/core";
import { apiKeyAuth, getAuth, requirePermission } from "@keyward/hono";
import { Hono } from "hono";

const keyward = createKeyward({ store: memoryStore() });
const app = new Hono();
app.use("/api/*", apiKeyAuth(keyward, { headers: ["x-api-key"], onError: "throw" }));
app.get("/api/posts", requirePermission("content/posts/read"), (c) => {
  const caller: Principal | undefined = getAuth(c);
  return c.json({ user: caller?.userId ?? null });
});
app.get("/other", (c) => c.json({ subject: c.get("auth").sub }));
