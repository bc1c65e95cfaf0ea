import { checkRequirement, createKeyward, memoryStore, resolveRequestAuth, validateRequirement, type Principal } from "@keyward/core";
import { apiKeyAuth, requirePermission } from "@keyward/hono";
import { Hono, type MiddlewareHandler } from "hono";
const keyward = createKeyward({ store: memoryStore() });
await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
await keyward.users.save({ id: "alice", role: "editor", active: true });
for (let i = 0; i < 1000; i++) await keyward.keys.create({ userId: "alice" });
const { key } = await keyward.keys.create({ userId: "alice" });
const handler = (c: { json(value: unknown): Response }) => c.json({ ok: true });
const pass: MiddlewareHandler = async (_c, next) => { await next(); };
const creds = (c: any) => { const raw = c.env.incoming.rawHeaders; const a: string[] = []; for (let i = 0; i < raw.length; i += 2) if (raw[i].length === 7 && raw[i].toLowerCase() === "api-key") a.push(raw[i+1]); return { apiKey: a, authorization: [], queryKey: [] }; };
const need = validateRequirement("content/posts/read");
const authSync: MiddlewareHandler = (c, next) => resolveRequestAuth(keyward, creds(c), {}).then((o) => { if (o.ok) { if (o.principal) c.set("auth" as never, o.principal as never); return next(); } return new Response("x", { status: 401 }); });
const guardSync: MiddlewareHandler = (c, next) => { const a = checkRequirement(c.get("auth" as never) as Principal | undefined, need); return a === null ? next() : Promise.resolve(new Response("x", { status: 403 })); };
const empty = new Hono().use("/api/*", pass).get("/api/posts", pass, handler);
const current = new Hono().use("/api/*", apiKeyAuth(keyward)).get("/api/posts", requirePermission("content/posts/read"), handler);
const variant = new Hono().use("/api/*", authSync).get("/api/posts", guardSync, handler);
const url = "http://127.0.0.1:3000/api/posts";
const env = { incoming: { rawHeaders: ["Host", "x", "User-Agent", "autocannon", "api-key", key, "Accept", "*/*"] } };
const req = new Request(url);
for (const app of [empty, current, variant]) { const r = await app.fetch(req, env); if (r.status !== 200) throw new Error(String(r.status)); }
const cases: [string, Hono<any, any, any>][] = [["empty", empty], ["current", current], ["then-based", variant]];
const res: Record<string, number[]> = {};
for (let r = 0; r < 9; r++) for (const [n, app] of cases) {
  const k = 20000; const t = process.cpuUsage();
  for (let i = 0; i < k; i++) await app.fetch(req, env);
  const d = process.cpuUsage(t); (res[n] ??= []).push((d.user + d.system) * 1000 / k);
}
for (const [n, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(n.padEnd(12), v[4]!.toFixed(0), "ns  min", v[0]!.toFixed(0)); }
