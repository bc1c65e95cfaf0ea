// keyward as the only one: it opts in to `c.get("auth")` typed in every app, as hono/jwt does.
import "@keyward/hono/augment";
import type { Principal } from "@keyward/core";
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => {
  const caller: Principal = c.get("auth");
  return c.json({ user: caller.userId });
});
