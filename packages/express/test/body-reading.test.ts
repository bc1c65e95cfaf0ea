// How the management router reads bodies when clients misbehave: hanging up mid-body must end the
// request quietly (no error for the app's error handler, one stack trace per dropped connection
// would flood logs), while errors that are not hang-ups still reach it.
import { once } from "node:events";
import { connect } from "node:net";
import { PassThrough } from "node:stream";
import { createKeyward, memoryStore } from "@keyward/core";
import express5, { type NextFunction, type Request, type Response } from "express";
import express4 from "express4";
import { afterEach, describe, expect, it } from "vitest";
import { apiKeyAuth, managementRouter } from "../src/index";
import { readBody } from "../src/read-body";
import { listen } from "./app";

type Running = Awaited<ReturnType<typeof listen>>;
let running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
});

const flavours = [
  ["express 5", () => express5()],
  ["express 4", () => express4() as unknown as ReturnType<typeof express5>],
] as const;

/**
 * An app with the management router, an error handler that records what reaches it, and a hook
 * that reports when something starts reading a request's body (so the client hangs up mid-read,
 * not before the router got the request).
 */
async function start(makeApp: () => ReturnType<typeof express5>, before?: express5.RequestHandler) {
  const keyward = createKeyward({ store: memoryStore() });
  await keyward.users.save({ id: "root", role: "admin", active: true });
  const admin = (await keyward.keys.create({ userId: "root" })).key;
  const errors: unknown[] = [];
  const reading: Array<() => void> = [];
  const closed: Array<Promise<unknown>> = [];
  const app = makeApp();
  app.use((req, _res, next) => {
    req.on("newListener", (event) => {
      if (event === "data") for (const notify of reading.splice(0)) notify();
    });
    closed.push(new Promise((resolve) => req.on("close", resolve)));
    next();
  });
  if (before) app.use(before);
  app.use("/api", apiKeyAuth(keyward));
  app.use("/api/keyward", managementRouter(keyward));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    errors.push(err);
    res.status(500).end();
  });
  const server = await listen(app);
  running.push(server);
  const startedReading = () => new Promise<void>((resolve) => reading.push(resolve));
  return { url: server.url, admin, errors, closed, startedReading };
}

/** Sends the head and half of a declared body, waits until the server reads it, then hangs up. */
async function hangUpMidBody(url: string, admin: string, startedReading: () => Promise<void>) {
  const { port } = new URL(url);
  const socket = connect({ host: "127.0.0.1", port: Number(port) });
  const reading = startedReading();
  socket.write(
    `POST /api/keyward/keys HTTP/1.1\r\nHost: 127.0.0.1\r\napi-key: ${admin}\r\n` +
      `Content-Type: application/json\r\nContent-Length: 20000\r\n\r\n{"userId":"${"x".repeat(9_000)}`,
  );
  await reading;
  socket.destroy();
  await once(socket, "close");
}

describe.each(flavours)("%s", (_, makeApp) => {
  it("a client hanging up mid-body ends the request quietly; the server goes on", async () => {
    const { url, admin, errors, closed, startedReading } = await start(makeApp);
    await hangUpMidBody(url, admin, startedReading);
    await Promise.all(closed);
    // A later request is served: by then the dropped one has long been settled.
    const next = await fetch(`${url}/api/keyward/keys`, { headers: { "api-key": admin } });
    expect(next.status).toBe(200);
    expect(errors).toEqual([]);
  });

  it("also when an app-wide express.json() was reading the body", async () => {
    const { url, admin, errors, closed, startedReading } = await start(makeApp, express5.json());
    await hangUpMidBody(url, admin, startedReading);
    await Promise.all(closed);
    expect((await fetch(`${url}/api/keyward/keys`, { headers: { "api-key": admin } })).status).toBe(200);
    expect(errors).toEqual([]);
  });

  it("an error that is not a hang-up still reaches the app's error handler", async () => {
    const failure = new Error("disk on fire");
    const { url, admin, errors } = await start(makeApp, (req, _res, next) => {
      req.on("newListener", (event) => {
        if (event === "data") queueMicrotask(() => req.emit("error", failure));
      });
      next();
    });
    const reply = await fetch(`${url}/api/keyward/keys`, {
      method: "POST",
      headers: { "api-key": admin, "content-type": "application/json" },
      body: '{"userId":"root"}',
    });
    expect(reply.status).toBe(500);
    expect(errors).toEqual([failure]);
  });
});

describe("readBody", () => {
  const fakeRequest = () => Object.assign(new PassThrough(), { method: "POST", headers: {} }) as never;

  it("gives `aborted` for a reset or a close before the end, and rejects other errors", async () => {
    const reset = fakeRequest() as PassThrough;
    const resetRead = readBody(reset as never);
    reset.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    expect(await resetRead).toEqual({ aborted: true });

    const closed = fakeRequest() as PassThrough;
    const closedRead = readBody(closed as never);
    closed.destroy();
    expect(await closedRead).toEqual({ aborted: true });

    const failing = fakeRequest() as PassThrough;
    const failingRead = readBody(failing as never);
    failing.destroy(new Error("disk on fire"));
    await expect(failingRead).rejects.toThrow("disk on fire");
  });

  it("keeps a body within the limit, and answers 413 with Connection: close past it", async () => {
    const small = fakeRequest() as PassThrough;
    const smallRead = readBody(small as never);
    small.end('{"a":1}');
    expect(await smallRead).toEqual({ rawBody: '{"a":1}' });

    const large = fakeRequest() as PassThrough;
    const largeRead = readBody(large as never);
    large.end("x".repeat(200_000));
    const answer = await largeRead;
    expect(answer).toMatchObject({ answer: { status: 413, headers: { connection: "close" } } });
  });

  it("stops reading an endless body at the drain cap and answers 413 at once", async () => {
    const endless = fakeRequest() as PassThrough;
    const read = readBody(endless as never);
    const chunk = new Uint8Array(65_536);
    let written = 0;
    // Never ended: only the cap can settle the read.
    while (written <= 1_048_576) {
      endless.write(chunk);
      written += chunk.byteLength;
    }
    expect(await read).toMatchObject({ answer: { status: 413, headers: { connection: "close" } } });
    expect(endless.isPaused()).toBe(true);
  });
});
