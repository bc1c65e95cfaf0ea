/**
 * In-process cost of keyward's two Hono middlewares through `app.fetch()`, next to the same app with
 * two empty async middlewares and bare, to `keyward.authenticate()` alone and to `hono/bearer-auth`,
 * to see where time goes without HTTP noise. Requests are @hono/node-server's own lightweight
 * Request over a stand-in for Node's IncomingMessage, as the server builds them, so the adapter
 * takes the path it takes behind `serve()`; one row uses a Fetch `Request` (Bun, Deno, workerd).
 *
 * Measured in CPU time per request (garbage collection included), interleaved rounds, medians.
 *
 * Run: from bench/, node --conditions=@keyward/source --import tsx hono/middleware.bench.ts
 */
import { getRequestListener } from "@hono/node-server";
import { createKeyward, memoryStore } from "@keyward/core";
import { apiKeyAuth, requirePermission } from "@keyward/hono";
import { Hono, type MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { measureInterleaved, printMedians } from "../lib/interleaved";

// As serve() does: @hono/node-server installs its lightweight Request and Response globals.
getRequestListener(() => new Response(null));
// @hono/node-server does not export its request module; it sits beside its entry point.
const { newRequest } = (await import(
  new URL("./request.mjs", import.meta.resolve("@hono/node-server")).href
)) as {
  newRequest(incoming: object): Request;
};

const keyward = createKeyward({ store: memoryStore() });
await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
await keyward.users.save({ id: "alice", role: "editor", active: true });
for (let i = 0; i < 1000; i++) await keyward.keys.create({ userId: "alice" });
const { key } = await keyward.keys.create({ userId: "alice" });

const handler = (c: { json(value: unknown): Response }) => c.json({ ok: true });
const pass: MiddlewareHandler = async (_c, next) => {
  await next();
};
const bare = new Hono().get("/api/posts", handler);
const empty = new Hono().use("/api/*", pass).get("/api/posts", pass, handler);
const keywardApp = new Hono()
  .use("/api/*", apiKeyAuth(keyward))
  .get("/api/posts", requirePermission("content/posts/read"), handler);
const bearerApp = new Hono().use("/api/*", bearerAuth({ token: key })).get("/api/posts", handler);

/** What @hono/node-server's listener hands `app.fetch` for one request with these headers. */
function nodeServerRequest(headerPairs: readonly string[]): [Request, { incoming: object }] {
  const headers: Record<string, string> = {};
  for (let i = 0; i < headerPairs.length; i += 2)
    headers[headerPairs[i]!.toLowerCase()] = headerPairs[i + 1]!;
  const incoming = {
    method: "GET",
    url: "/api/posts",
    headers,
    rawHeaders: headerPairs,
    httpVersion: "1.1",
    socket: { encrypted: false },
  };
  return [newRequest(incoming), { incoming }];
}
const withKey = ["Host", "127.0.0.1:3000", "User-Agent", "wrk", "api-key", key];
const withBearer = ["Host", "127.0.0.1:3000", "User-Agent", "wrk", "Authorization", `Bearer ${key}`];

type App = { fetch(request: Request, env?: object): Response | Promise<Response> };
async function serve(app: App, headerPairs: readonly string[]): Promise<void> {
  const response = await app.fetch(...nodeServerRequest(headerPairs));
  if (response.status !== 200) throw new Error(`unexpected ${response.status}`);
}
const viaFetch = async () => {
  const response = await keywardApp.fetch(
    new Request("http://127.0.0.1:3000/api/posts", { headers: { "api-key": key } }),
  );
  if (response.status !== 200) throw new Error(`unexpected ${response.status}`);
};

const medians = await measureInterleaved(
  [
    { name: "bare", run: () => serve(bare, withKey) },
    { name: "empty middlewares", run: () => serve(empty, withKey) },
    { name: "authenticate() alone", run: () => keyward.authenticate(key) },
    { name: "keyward", run: () => serve(keywardApp, withKey) },
    { name: "keyward, Fetch Request", run: viaFetch },
    { name: "hono/bearer-auth", run: () => serve(bearerApp, withBearer) },
  ],
  {
    rounds: Number(process.env.KEYWARD_BENCH_ROUNDS ?? 15),
    batch: 5_000,
    warmup: 10_000,
    clock: "cpu",
    yieldBetweenBatches: true,
  },
);
printMedians(medians, "empty middlewares");
const added = medians.get("keyward")! - medians.get("empty middlewares")!;
console.log(
  `keyward adds ${added.toFixed(0)} ns per request to the empty app, of which authenticate() is ${medians.get("authenticate() alone")!.toFixed(0)} ns`,
);
