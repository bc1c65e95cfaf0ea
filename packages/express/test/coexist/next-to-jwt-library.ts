// An app using keyward next to a library that owns `req.auth`: it compiles, and each is typed.
import "./jwt-library";
import { createKeyward, memoryStore, type Principal } from "@keyward/core";
import { apiKeyAuth, getAuth, requirePermission } from "@keyward/express";
import express from "express";

const keyward = createKeyward({ store: memoryStore() });
const app = express();
app.use("/api", apiKeyAuth(keyward, { headers: ["x-api-key"], onError: "throw" }));
app.get("/api/posts", requirePermission("content/posts/read"), (req, res) => {
  const subject: string | undefined = req.auth?.sub;
  const caller: Principal | undefined = getAuth(req);
  res.json({ subject, user: caller?.userId ?? null });
});
