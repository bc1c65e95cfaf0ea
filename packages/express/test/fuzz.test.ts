import { createKeyward, memoryStore } from "@keyward/core";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { apiKeyAuth, getAuth } from "../src/index";
import { buildApp, listen } from "./app";
import { runMiddleware } from "./mock-http";
import { rawStatus } from "./raw-request";

// Header field values as a client may send them: HTAB, SP, VCHAR and obs-text (0x80-0xFF).
const octet = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x21, max: 0x7e }) },
  { weight: 1, arbitrary: fc.constantFrom(0x09, 0x20) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
);
const headerValue = (maxLength: number) =>
  fc.array(octet, { maxLength }).map((codes) => String.fromCharCode(...codes));
const keyish = fc.oneof(
  headerValue(8192),
  headerValue(64),
  fc.stringMatching(/^(USR|API)-[0-9a-f]{40}$/),
  fc.stringMatching(/^[ \t]*(Bearer|bearer|BASIC|Basic)[ \t]+[!-~]{0,60}$/),
);
// One to four credential headers, in any mix.
const headers = fc.array(
  fc.tuple(fc.constantFrom("api-key", "API-Key", "authorization", "Authorization"), keyish),
  {
    minLength: 1,
    maxLength: 4,
  },
);

const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"] as const;

async function world() {
  const keyward = createKeyward({ store: memoryStore() });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const { key } = await keyward.keys.create({ userId: "alice" });
  return { keyward, key };
}

describe("apiKeyAuth under generated header values", () => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeAll(() => {
    process.on("unhandledRejection", onRejection);
  });
  afterAll(() => {
    process.off("unhandledRejection", onRejection);
  });
  beforeEach(() => {
    for (const method of consoleMethods) vi.spyOn(console, method);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const expectNothingLogged = () => {
    for (const method of consoleMethods) expect(console[method], `console.${method}`).not.toHaveBeenCalled();
    expect(rejections).toEqual([]);
  };

  it("answers only 400 or 401 to 10,000 in-process requests, logs nothing", async () => {
    const { keyward, key } = await world();
    const middleware = apiKeyAuth(keyward);
    await fc.assert(
      fc.asyncProperty(headers, async (pairs) => {
        // Never the valid key: with it the request would rightly pass.
        const raw = pairs.flatMap(([name, value]) => [
          name,
          value.includes(key) ? value.replace(key, "") : value,
        ]);
        const outcome = await runMiddleware(middleware, raw);
        expect(outcome.kind).toBe("answer");
        if (outcome.kind !== "answer") return;
        expect([400, 401]).toContain(outcome.status);
        expect(outcome.headers["cache-control"]).toBe("no-store");
        // Nothing the client sent is echoed back.
        for (const [, value] of pairs)
          if (value.trim().length >= 12) expect(outcome.body).not.toContain(value.trim());
      }),
      { numRuns: 10_000 },
    );
    expectNothingLogged();
  });

  it("next to the valid key, generated values give 400 (conflict) or pass, never 5xx", async () => {
    const { keyward, key } = await world();
    const middleware = apiKeyAuth(keyward);
    await fc.assert(
      fc.asyncProperty(headers, async (pairs) => {
        const outcome = await runMiddleware(middleware, ["api-key", key, ...pairs.flat()]);
        if (outcome.kind === "next") {
          expect(outcome.error).toBeUndefined();
          expect(getAuth(outcome.req)?.userId).toBe("alice");
        } else {
          expect([400]).toContain(outcome.status);
          expect(outcome.body).not.toContain(key);
        }
      }),
      { numRuns: 2_000 },
    );
    expectNothingLogged();
  });

  it("answers only 400 or 401 to 300 requests over real HTTP, Express 5 and 4", async () => {
    const { keyward, key } = await world();
    for (const flavour of ["express5", "express4"] as const) {
      const server = await listen(buildApp(flavour, keyward));
      try {
        await fc.assert(
          fc.asyncProperty(headers, async (pairs) => {
            const lines = pairs.map(([name, value]) => `${name}: ${value.replace(key, "").trim()}`);
            const { status, text } = await rawStatus(server.url, ["GET /api/posts HTTP/1.1", ...lines]);
            expect([400, 401], text.slice(0, 200)).toContain(status);
          }),
          { numRuns: 150 },
        );
      } finally {
        await server.close();
      }
    }
    expectNothingLogged();
  });
});
