// On @hono/node-server the adapter reads Node's raw header list (repeated headers stay separate,
// and it is cheaper than materialising Fetch Headers) — but only for the request that list belongs
// to, and only while nothing can have edited that request's headers.
import { once } from "node:events";
import { type AddressInfo, connect } from "node:net";
import { type HttpBindings, serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { apiKeyAuth, type OptionalKeywardEnv } from "../src/index";
import { createWorld } from "./world";

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listen(app: Hono<{ Bindings: HttpBindings } & OptionalKeywardEnv>): Promise<string> {
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  servers.push(server);
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A GET with headers exactly as listed (repeats kept), over a raw socket. */
function get(url: string, headers: [string, string][]): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("error", reject);
    socket.on("end", () => {
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const body = rest.join("\r\n\r\n");
      // Hono answers JSON with Content-Length; a chunked body would need decoding.
      resolve({ status: Number(head.split(" ")[1]), body });
    });
    const lines = [
      `GET ${pathname} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      ...headers.map(([n, v]) => `${n}: ${v}`),
    ];
    socket.write(`${[...lines, "Connection: close"].join("\r\n")}\r\n\r\n`);
  });
}

function reporting(keyward: Awaited<ReturnType<typeof createWorld>>["keyward"]) {
  const app = new Hono<{ Bindings: HttpBindings } & OptionalKeywardEnv>();
  app.use("/api/*", apiKeyAuth(keyward));
  app.get("/api/who", (c) => c.json({ auth: c.get("auth") ?? null }));
  return app;
}

describe("Hono on @hono/node-server", () => {
  it("sees repeated headers separately: two different keys are refused", async () => {
    const { keyward, editorKey, adminKey } = await createWorld();
    const url = await listen(reporting(keyward));
    expect(
      (
        await get(`${url}/api/who`, [
          ["Api-Key", editorKey],
          ["api-key", adminKey],
        ])
      ).status,
    ).toBe(400);
    expect(
      (
        await get(`${url}/api/who`, [
          ["authorization", `Bearer ${editorKey}`],
          ["Authorization", `Bearer ${adminKey}`],
        ])
      ).status,
    ).toBe(400);
    const single = await get(`${url}/api/who`, [["api-key", editorKey]]);
    expect(single.status, single.body).toBe(200);
    expect(JSON.parse(single.body).auth.userId).toBe("alice");
  });

  it("judges a forwarded Request on its own headers, not on the client's", async () => {
    const { keyward, editorKey, adminKey } = await createWorld();
    const inner = reporting(keyward);
    const gateway = new Hono<{ Bindings: HttpBindings } & OptionalKeywardEnv>();
    // A gateway that replaces whatever the client sent with its own key, same URL and method.
    gateway.all("/api/*", (c) =>
      inner.fetch(new Request(c.req.url, { method: c.req.method, headers: { "api-key": editorKey } }), c.env),
    );
    const url = await listen(gateway);
    for (const client of [[], [["api-key", adminKey]]] as [string, string][][]) {
      const reply = await get(`${url}/api/who`, client);
      expect(reply.status, reply.body).toBe(200);
      expect(JSON.parse(reply.body).auth).toMatchObject({ userId: "alice", role: "editor" });
    }
  });

  it("honours headers a middleware edited", async () => {
    const { keyward, editorKey, adminKey } = await createWorld();
    const app = new Hono<{ Bindings: HttpBindings } & OptionalKeywardEnv>();
    app.use("/api/*", async (c, next) => {
      c.req.raw.headers.set("api-key", editorKey);
      await next();
    });
    app.use("/api/*", apiKeyAuth(keyward));
    app.get("/api/who", (c) => c.json({ auth: c.get("auth") ?? null }));
    const url = await listen(app);
    const reply = await get(`${url}/api/who`, [["api-key", adminKey]]);
    expect(JSON.parse(reply.body).auth).toMatchObject({ userId: "alice" });
  });
});
