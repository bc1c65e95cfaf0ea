// How managementApp reads bodies when clients misbehave: hanging up mid-body must end the request
// quietly (nothing for app.onError: one stack trace per dropped connection would flood logs), while
// errors that are not hang-ups still reach onError.
import { once } from "node:events";
import { type AddressInfo, connect } from "node:net";
import { type HttpBindings, serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { managementApp } from "../src/index";
import { createWorld } from "./world";

let closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closing.map((close) => close()));
  closing = [];
});

/** The management app with an onError that records what reaches it. */
async function appWithErrorSpy() {
  const world = await createWorld();
  const errors: unknown[] = [];
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.onError((error, c) => {
    errors.push(error);
    return c.text("error", 500);
  });
  return { ...world, app, errors };
}

const streamOf = (start: (controller: ReadableStreamDefaultController<Uint8Array>) => void) =>
  new ReadableStream<Uint8Array>({ start });

describe("a client hanging up mid-body", () => {
  it("over real HTTP ends the request quietly; the server goes on", async () => {
    const { app, errors, keyward, adminKey } = await appWithErrorSpy();
    const reading: Array<() => void> = [];
    const closed: Array<Promise<unknown>> = [];
    // Reports when the body stream starts pulling from Node's request, so the client hangs up mid-read.
    app.use("*", async (c, next) => {
      const incoming = c.env.incoming;
      incoming.on("newListener", (event) => {
        if (event === "data") for (const notify of reading.splice(0)) notify();
      });
      closed.push(new Promise((resolve) => incoming.on("close", resolve)));
      await next();
    });
    app.route("/keyward", managementApp(keyward));
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
    await once(server, "listening");
    closing.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;

    const socket = connect({ host: "127.0.0.1", port });
    const started = new Promise<void>((resolve) => reading.push(resolve));
    socket.write(
      `POST /keyward/keys HTTP/1.1\r\nHost: 127.0.0.1\r\napi-key: ${adminKey}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 20000\r\n\r\n{"role":"${"x".repeat(9_000)}`,
    );
    await started;
    socket.destroy();
    await once(socket, "close");
    await Promise.all(closed);
    // A later request is served: by then the dropped one has long been settled.
    const next = await fetch(`http://127.0.0.1:${port}/keyward/keys`, { headers: { "api-key": adminKey } });
    expect(next.status).toBe(200);
    expect(errors).toEqual([]);
  });

  it("in process: an aborted body stream is not an error for onError", async () => {
    const { app, errors, keyward, adminKey } = await appWithErrorSpy();
    app.route("/keyward", managementApp(keyward));
    const reply = await app.request("/keyward/keys", {
      method: "POST",
      headers: { "api-key": adminKey, "content-type": "application/json" },
      body: streamOf((controller) => {
        controller.enqueue(new TextEncoder().encode('{"role":'));
        controller.error(new DOMException("The operation was aborted", "AbortError"));
      }),
      duplex: "half",
    } as RequestInit);
    expect(reply.status).toBe(499);
    expect(errors).toEqual([]);
  });

  it("in process: an error that is not a hang-up still reaches onError", async () => {
    const { app, errors, keyward, adminKey } = await appWithErrorSpy();
    app.route("/keyward", managementApp(keyward));
    const failure = new Error("disk on fire");
    const reply = await app.request("/keyward/keys", {
      method: "POST",
      headers: { "api-key": adminKey, "content-type": "application/json" },
      body: streamOf((controller) => controller.error(failure)),
      duplex: "half",
    } as RequestInit);
    expect(reply.status).toBe(500);
    expect(errors).toEqual([failure]);
  });
});

describe("a body over the limit", () => {
  it("is cut off at the drain cap when it never ends, with a 413 and Connection: close", async () => {
    const { app, keyward, adminKey } = await appWithErrorSpy();
    app.route("/keyward", managementApp(keyward));
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 65_536;
        controller.enqueue(new Uint8Array(65_536));
      },
    });
    const reply = await app.request("/keyward/keys", {
      method: "POST",
      headers: { "api-key": adminKey, "content-type": "application/json" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect([reply.status, await reply.text()]).toEqual([413, '{"error":"The request body is too large"}']);
    expect(reply.headers.get("connection")).toBe("close");
    // Read up to the cap and a little beyond (the stream's queue), not forever.
    expect(pulled).toBeLessThan(2 * 1_048_576);
  });
});
