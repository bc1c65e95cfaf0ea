// An app where keyward is the only one: it opts in to `req.auth` typed as a principal.
import "@keyward/express/augment";
import type { Principal } from "@keyward/core";
import express from "express";

const app = express();
app.get("/", (req, res) => {
  const caller: Principal | undefined = req.auth;
  // @ts-expect-error: auth holds a Principal, not a user id
  req.auth = "alice";
  res.json({ user: caller?.userId ?? null });
});
