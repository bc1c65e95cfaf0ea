/**
 * In-process cost of keyward's two Hono middlewares through `app.fetch()`, next to the same app with
 * two empty async middlewares and bare, and to `keyward.authenticate()` alone, to see where time goes
 * without HTTP noise. `env.incoming.rawHeaders` stands in for @hono/node-server's Node request.
 *
 * Run: from bench/, node --conditions=@keyward/source --import tsx hono/middleware.bench.ts
 */
import { createKeyward, memoryStore } from "@keyward/core";
import { apiKeyAuth, requirePermission } from "@keyward/hono";
import { Hono, type MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";

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

const url = "http://127.0.0.1:3000/api/posts";
const rawHeaders = ["Host", "127.0.0.1:3000", "User-Agent", "autocannon", "api-key", key, "Accept", "*/*"];
const nodeEnv = { incoming: { rawHeaders } };
const fetchHeaders = { "user-agent": "autocannon", "api-key": key, accept: "*/*" };

async function check(
  app: { fetch(request: Request, env?: object): Response | Promise<Response> },
  init: RequestInit,
  env?: object,
): Promise<void> {
  const response = await app.fetch(new Request(url, init), env);
  if (response.status !== 200) throw new Error(`unexpected ${response.status}`);
}
for (const [app, init, env] of [
  [bare, {}, nodeEnv],
  [keywardApp, {}, nodeEnv],
  [keywardApp, { headers: fetchHeaders }, undefined],
  [bearerApp, { headers: { authorization: `Bearer ${key}` } }, undefined],
] as const) {
  await check(app, init, env);
}

// Measured as CPU time per operation (process.cpuUsage over a batch), not wall-clock: on a shared
// 2-core machine wall-clock time mostly measures the neighbours. Rounds are interleaved; medians.
const ROUNDS = Number(process.env.KEYWARD_BENCH_ROUNDS ?? 7);
const BATCH = 20_000;
const cases: [string, () => unknown][] = [
  ["bare", () => bare.fetch(new Request(url), nodeEnv)],
  ["empty middlewares", () => empty.fetch(new Request(url), nodeEnv)],
  ["authenticate() alone", () => keyward.authenticate(key)],
  ["keyward (node-server raw headers)", () => keywardApp.fetch(new Request(url), nodeEnv)],
  ["empty (Fetch Headers built)", () => empty.fetch(new Request(url, { headers: fetchHeaders }))],
  ["keyward (Fetch Headers)", () => keywardApp.fetch(new Request(url, { headers: fetchHeaders }))],
  [
    "bearerAuth (Fetch Headers)",
    () => bearerApp.fetch(new Request(url, { headers: { authorization: `Bearer ${key}` } })),
  ],
];

async function cpuPerOp(run: () => unknown, count: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) await run();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / count;
}

for (const [, run] of cases) await cpuPerOp(run, BATCH / 4); // warm-up: JIT and caches
const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of cases) {
    // bearerAuth is ~10x slower: fewer iterations keep the run bounded.
    samples.get(name)!.push(await cpuPerOp(run, name.startsWith("bearer") ? BATCH / 10 : BATCH));
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const base = median(samples.get("empty middlewares")!);
console.log(`median CPU ns/op of ${ROUNDS} interleaved rounds (shared machine)`);
console.log(
  `${"case".padEnd(36)} ${"ns/op".padStart(9)} ${"vs empty".padStart(9)} ${"added ns".padStart(9)}`,
);
for (const [name] of cases) {
  const value = median(samples.get(name)!);
  console.log(
    `${name.padEnd(36)} ${value.toFixed(0).padStart(9)} ${`${(value / base).toFixed(2)}x`.padStart(9)} ${(value - base).toFixed(0).padStart(9)}`,
  );
}
