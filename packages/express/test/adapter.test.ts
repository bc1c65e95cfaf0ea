import { createKeyward, type Keyward, memoryStore } from "@keyward/core";
import express5, { type NextFunction, type Request, type Response } from "express";
import express4 from "express4";
import { afterEach, describe, expect, it } from "vitest";
import {
  apiKeyAuth,
  getAuth,
  type KeywardHttpError,
  managementRouter,
  requirePermission,
} from "../src/index";
import { listen } from "./app";

type Running = Awaited<ReturnType<typeof listen>>;
let running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
});

async function world() {
  const keyward = createKeyward({ store: memoryStore() });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "root", role: "admin", active: true });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const admin = (await keyward.keys.create({ userId: "root" })).key;
  const alice = (await keyward.keys.create({ userId: "alice" })).key;
  return { keyward, admin, alice };
}

const flavours = [
  ["express 5", () => express5()],
  ["express 4", () => express4() as unknown as ReturnType<typeof express5>],
] as const;

async function serve(app: ReturnType<typeof express5>): Promise<string> {
  const server = await listen(app);
  running.push(server);
  return server.url;
}

describe.each(flavours)("%s", (_, makeApp) => {
  it("honours a middleware that replaced the client's key in req.headers", async () => {
    const { keyward, admin, alice } = await world();
    const app = makeApp();
    // A gateway: whatever the client sent, the request goes on with the gateway's own key.
    app.use((req, _res, next) => {
      delete req.headers["api-key"];
      req.headers.authorization = `Bearer ${alice}`;
      next();
    });
    app.use(apiKeyAuth(keyward));
    app.get("/who", (req, res) => {
      res.json({ userId: getAuth(req)?.userId ?? null });
    });
    const url = await serve(app);
    for (const headers of [{}, { "api-key": admin }, { authorization: `Bearer ${admin}` }]) {
      const reply = await fetch(`${url}/who`, { headers });
      expect(await reply.json()).toEqual({ userId: "alice" });
    }
  });

  it("onError takes over: next(err) reaches the app's error handler with status and code", async () => {
    const { keyward } = await world();
    const app = makeApp();
    app.use(apiKeyAuth(keyward, { onError: (err, _req, _res, next) => next(err) }));
    app.get("/", (_req, res) => {
      res.send("never");
    });
    app.use((err: KeywardHttpError, _req: Request, res: Response, _next: NextFunction) => {
      res.status(err.status).json({ mine: err.code, message: err.message, reason: err.reason });
    });
    const url = await serve(app);
    const reply = await fetch(`${url}/`, { headers: { "api-key": "nope" } });
    expect(reply.status).toBe(401);
    expect(await reply.json()).toEqual({
      mine: "authentication_failed",
      message: "Authentication failed",
      reason: "malformed",
    });
  });

  it("the 503 error carries the store failure as cause, for operators only", async () => {
    const store = memoryStore();
    const keyward = createKeyward({ store });
    store.getPublicRole = () => {
      throw new Error("db down");
    };
    let seen: KeywardHttpError | undefined;
    const app = makeApp();
    app.use(
      apiKeyAuth(keyward, {
        onError: (err, _req, res) => {
          seen = err;
          res.status(err.status).end();
        },
      }),
    );
    const url = await serve(app);
    expect((await fetch(`${url}/`)).status).toBe(503);
    expect(seen?.code).toBe("service_unavailable");
    expect((seen?.cause as { code?: string } | undefined)?.code).toBe("STORE_UNAVAILABLE");
  });

  it("requirePermission's onError and a function returning garbage (a bug: next(err), 500)", async () => {
    const { keyward, alice } = await world();
    const app = makeApp();
    app.use(apiKeyAuth(keyward));
    app.get(
      "/denied",
      requirePermission("content/posts/delete", {
        onError: (err, _req, res) => res.status(418).json(err.code),
      }),
    );
    app.get(
      "/bug",
      requirePermission(() => ({ none: [] }) as never),
      (_req, res) => {
        res.send("never");
      },
    );
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ bug: err.message });
    });
    const url = await serve(app);
    const denied = await fetch(`${url}/denied`, { headers: { "api-key": alice } });
    expect(denied.status).toBe(418);
    expect(await denied.json()).toBe("permission_denied");
    const bug = await fetch(`${url}/bug`, { headers: { "api-key": alice } });
    expect(bug.status).toBe(500);
    expect(((await bug.json()) as { bug: string }).bug).toMatch(
      /requirePermission: expected a permission string/,
    );
  });

  it("management accepts bodies parsed by an app-wide express.json(), and its syntax errors get core's 400", async () => {
    const { keyward, admin } = await world();
    const app = makeApp();
    app.use(express5.json());
    app.use("/api", apiKeyAuth(keyward));
    app.use("/api/keyward", managementRouter(keyward));
    const url = await serve(app);
    const headers = { "api-key": admin, "content-type": "application/json" };
    const created = await fetch(`${url}/api/keyward/keys`, {
      method: "POST",
      headers,
      body: JSON.stringify({ userId: "alice" }),
    });
    expect(created.status).toBe(201);
    const bad = await fetch(`${url}/api/keyward/keys`, { method: "POST", headers, body: "{oops" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('{"error":"The request body must be valid JSON"}');
  });

  it("management mounted without apiKeyAuth authenticates by itself, as Hono's managementApp does", async () => {
    const { keyward, admin } = await world();
    const app = makeApp();
    app.use("/api/keyward", managementRouter(keyward));
    const url = await serve(app);
    const listed = await fetch(`${url}/api/keyward/keys`, { headers: { "api-key": admin } });
    expect(listed.status).toBe(200);
    const bad = await fetch(`${url}/api/keyward/keys`, { headers: { "api-key": `USR-${"0".repeat(40)}` } });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toBe('{"error":"Authentication failed"}');
  });

  it("management takes only JSON bodies, even when an app-wide parser read a form", async () => {
    const { keyward, admin } = await world();
    const app = makeApp();
    app.use(express5.urlencoded({ extended: false }));
    app.use("/api", apiKeyAuth(keyward));
    app.use("/api/keyward", managementRouter(keyward));
    const url = await serve(app);
    const form = await fetch(`${url}/api/keyward/keys`, {
      method: "POST",
      headers: { "api-key": admin, "content-type": "application/x-www-form-urlencoded" },
      body: "role=admin",
    });
    expect(form.status).toBe(400);
    expect(await keyward.keys.list({ role: "admin" })).toEqual([]);
  });

  it("refuses management bodies over the limit with 413", async () => {
    const { keyward, admin } = await world();
    const app = makeApp();
    app.use("/api", apiKeyAuth(keyward));
    app.use("/api/keyward", managementRouter(keyward));
    const url = await serve(app);
    const reply = await fetch(`${url}/api/keyward/roles/big`, {
      method: "PUT",
      headers: { "api-key": admin, "content-type": "application/json" },
      body: JSON.stringify({ name: "Big", permissions: Array.from({ length: 20_000 }, (_, i) => `p/${i}`) }),
    });
    expect(reply.status).toBe(413);
  });
});

describe("eager validation", () => {
  const keyward: Keyward = createKeyward({ store: memoryStore() });

  it("apiKeyAuth checks its arguments when created", () => {
    expect(() => apiKeyAuth(undefined as never)).toThrow(/keyward instance/);
    expect(() => apiKeyAuth(keyward, { allowQueryKey: "yes" as never })).toThrow(
      /allowQueryKey must be a boolean/,
    );
    expect(() => apiKeyAuth(keyward, { onError: 42 as never })).toThrow(/onError must be a function/);
  });

  it("requirePermission checks fixed requirements when created", () => {
    expect(() => requirePermission("")).toThrow(/requirePermission: "" is not a permission name/);
    expect(() => requirePermission("content/*/read")).toThrow(/not a permission name.*no wildcards/);
    expect(() => requirePermission({ any: ["content/posts/read", "content/../read"] })).toThrow(
      /not a permission name/,
    );
    expect(() => requirePermission({ all: [] })).toThrow(/non-empty array/);
    expect(() => requirePermission(["a"] as never)).toThrow(/expected a permission string/);
  });

  it("managementRouter checks its argument", () => {
    expect(() => managementRouter({} as never)).toThrow(/keyward instance/);
  });
});
