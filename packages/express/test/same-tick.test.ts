// These tests read req.auth, so they opt in to its type as an app would.
import "../src/augment";
import { createKeyward, type KeywardStore, memoryStore } from "@keyward/core";
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { apiKeyAuth } from "../src/index";

async function world(store: KeywardStore = memoryStore()) {
  const keyward = createKeyward({ store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const { key } = await keyward.keys.create({ userId: "alice" });
  return { keyward, key };
}

/** Calls the middleware and reports whether `next` ran before the call returned. */
function callsNextInSameTick(middleware: ReturnType<typeof apiKeyAuth>, key: string) {
  const req = { rawHeaders: ["api-key", key], url: "/api/posts", method: "GET" } as unknown as Request;
  let called = false;
  let settle: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  middleware(req, {} as Response, () => {
    called = true;
    settle();
  });
  return { sameTick: called, done, req };
}

// A microtask hop before next() costs an Express server about a tenth of its throughput (see
// bench/express); with a synchronous store the middleware must not take one.
describe("apiKeyAuth continues in the same tick when the store answers synchronously", () => {
  it("calls next before returning, with req.auth set, on the memory store", async () => {
    const { keyward, key } = await world();
    const { sameTick, req } = callsNextInSameTick(apiKeyAuth(keyward), key);
    expect(sameTick).toBe(true);
    expect(req.auth?.userId).toBe("alice");
  });

  it("still waits for an asynchronous store", async () => {
    const base = memoryStore();
    const { key } = await world(base);
    const slow = createKeyward({
      store: { ...base, lookupKey: async (hash: string) => base.lookupKey!(hash) },
    });
    const { sameTick, done, req } = callsNextInSameTick(apiKeyAuth(slow), key);
    expect(sameTick).toBe(false);
    await done;
    expect(req.auth?.userId).toBe("alice");
  });
});

describe("apiKeyAuth on requests without rawHeaders (serverless bridges, test doubles)", () => {
  it("reads the key from req.headers instead of treating it as no key", async () => {
    const { keyward, key } = await world();
    await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
    await keyward.settings.setPublicRole("public");
    const req = { rawHeaders: [], headers: { "api-key": key }, url: "/api/posts" } as unknown as Request;
    await new Promise<void>((resolve) => apiKeyAuth(keyward)(req, {} as Response, () => resolve()));
    expect(req.auth?.kind).toBe("user");
  });

  // Bridges keep the client's header case in req.headers; a key there is read whatever its case,
  // and a key that is sent but not accepted is never anonymous.
  it.each([
    ["Api-Key", (key: string) => key],
    ["API-KEY", (key: string) => key],
    ["Authorization", (key: string) => `Bearer ${key}`],
    ["AUTHORIZATION", (key: string) => `bearer ${key}`],
  ])("reads %s whatever its case", async (name, value) => {
    const { keyward, key } = await world();
    await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
    await keyward.settings.setPublicRole("public");
    const reply = (headerValue: string) => {
      const req = { headers: { [name]: headerValue }, url: "/api/posts" } as unknown as Request;
      let status = 0;
      const res = {
        status(code: number) {
          status = code;
          return this;
        },
        set() {
          return this;
        },
        setHeader() {},
        end() {},
        send() {},
      } as unknown as Response;
      return new Promise<{ req: Request; status: number }>((resolve) => {
        apiKeyAuth(keyward, { onError: (err) => resolve({ req, status: err.status }) })(req, res, () =>
          resolve({ req, status }),
        );
      });
    };
    const good = await reply(value(key));
    expect(good.req.auth?.kind).toBe("user");
    const bad = await reply(value(`USR-${"0".repeat(40)}`));
    expect(bad.status).toBe(401);
    expect(bad.req.auth).toBeUndefined();
  });
});
