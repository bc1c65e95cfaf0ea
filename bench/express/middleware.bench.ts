/**
 * In-process cost of keyward's two Express middlewares on a mock request, next to two empty
 * middlewares and to `keyward.authenticate()` alone, to see where time goes without HTTP noise.
 *
 * Run: from bench/, node --conditions=@keyward/source --import tsx express/middleware.bench.ts
 */
import { createKeyward, memoryStore } from "@keyward/core";
import { apiKeyAuth, requirePermission } from "@keyward/express";
import type { NextFunction, Request, Response } from "express";
import { bench, run } from "mitata";
import { printRatioTable } from "../lib/ratio-table";

const keyward = createKeyward({ store: memoryStore() });
await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
await keyward.users.save({ id: "alice", role: "editor", active: true });
for (let i = 0; i < 1000; i++) await keyward.keys.create({ userId: "alice" });
const { key } = await keyward.keys.create({ userId: "alice" });

type Middleware = (req: Request, res: Response, next: NextFunction) => void;
const auth = apiKeyAuth(keyward) as Middleware;
const guard = requirePermission("content/posts/read") as Middleware;
const empty: Middleware = (_req, _res, next) => next();
const res = {} as Response;
const rawHeaders = ["Host", "127.0.0.1:3000", "User-Agent", "wrk", "api-key", key, "Accept", "*/*"];

function through(first: Middleware, second: Middleware): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = {
      rawHeaders,
      url: "/api/posts",
      originalUrl: "/api/posts",
      method: "GET",
    } as unknown as Request;
    first(req, res, (error?: unknown) => {
      if (error) return reject(error);
      second(req, res, (error2?: unknown) => (error2 ? reject(error2) : resolve()));
    });
  });
}

bench("empty middlewares", () => through(empty, empty));
bench("authenticate() alone", () => keyward.authenticate(key));
bench("apiKeyAuth + requirePermission", () => through(auth, guard));

const results = await run({ format: "quiet" });
printRatioTable(results, { baseline: "empty middlewares" });
for (const b of (results as { benchmarks: { alias: string; runs: { stats?: { p50: number } }[] }[] })
  .benchmarks) {
  console.log(`${b.alias}: p50 ${b.runs[0]?.stats?.p50.toFixed(0)} ns`);
}
