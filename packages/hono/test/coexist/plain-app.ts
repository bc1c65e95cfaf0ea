// A plain `new Hono()` app, no Env, no augmentation: getAuth(c) is typed in every route.
import { createKeyward, memoryStore, type Principal } from "@keyward/core";
import { apiKeyAuth, getAuth } from "@keyward/hono";
import { Hono } from "hono";

const keyward = createKeyward({ store: memoryStore() });
const app = new Hono();
app.use("/api/*", apiKeyAuth(keyward));
app.get("/api/me", (c) => {
  const caller: Principal | undefined = getAuth(c);
  return c.json({ user: caller?.userId ?? null });
});
