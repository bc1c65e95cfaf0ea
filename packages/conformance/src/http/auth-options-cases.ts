import type { Keyward } from "@keyward/core";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer } from "./app-contract";
import { type Reply, send } from "./client";
import { createWorld, type World } from "./fixtures";
import { BODIES, CHALLENGE, expectAnswer, expectPass, INVALID_TOKEN_CHALLENGE } from "./harness";

/** The options an adapter's options app is built with; the adapter translates them to its own. */
export interface AuthOptionsSpec {
  /** `headers` of `apiKeyAuth`. */
  readonly headers?: readonly string[];
  /**
   * A `getKey` that reads the cookie of this name (and returns `undefined` without it); `async`
   * returns it in a promise; `broken` returns the number 42 instead, a bug in the app.
   */
  readonly cookieKey?: { readonly name: string; readonly mode: "sync" | "async" | "broken" };
  /** `onError: "throw"` on `apiKeyAuth`, and an app error handler (see {@link StartOptionsServer}). */
  readonly throwErrors?: boolean;
  /** `auth` options of the management router / app mounted on `/manage`. */
  readonly managementHeaders?: readonly string[];
}

/**
 * Starts a REAL listening server (127.0.0.1, port 0) whose app is:
 *
 * - `apiKeyAuth(keyward, options)` on `/api` (options from the spec: `headers`, `getKey`, and
 *   `onError: "throw"` when `throwErrors`);
 * - `GET /api/posts` guarded by `requirePermission("content/posts/read")` with no options of its own;
 * - `GET /api/overwritten` where, after `apiKeyAuth`, another library's middleware sets its own
 *   `auth` (`req.auth = { role: "admin", can: () => true }` / `c.set("auth", …)`), then
 *   `requirePermission("keyward/users/manage")`;
 * - `GET /foreign/posts` without `apiKeyAuth`: only that other middleware, then
 *   `requirePermission("content/posts/read")`;
 * - `GET /early/posts`: that other middleware first, then `apiKeyAuth(keyward)` (default options),
 *   then `requirePermission("content/posts/read")`, answering 200
 *   `{ "auth": <getAuth>, "foreign": <userId of what req.auth / c.get("auth") holds> }`;
 * - the management API on `/manage`, with no `apiKeyAuth` in front, its own authentication taking
 *   `{ headers: managementHeaders }` when given;
 * - when `throwErrors`, an app-level error handler that answers a `KeywardHttpError` with its
 *   status and headers and the JSON `{ "handledBy": "app", "code": err.code }`, and anything else
 *   with 500 `{ "handledBy": "app", "code": "internal" }`.
 *
 * Passing routes answer 200 `{ "auth": <principal as the route reads it with getAuth> }`.
 */
export type StartOptionsServer = (keyward: Keyward, spec: AuthOptionsSpec) => Promise<RunningServer>;

function optionsHarness(start: StartOptionsServer) {
  let servers: RunningServer[] = [];
  afterEach(async () => {
    const running = servers;
    servers = [];
    await Promise.all(running.map((server) => server.close()));
  });
  return async (spec: AuthOptionsSpec): Promise<{ world: World; url: string }> => {
    const world = await createWorld();
    const server = await start(world.keyward, spec);
    servers.push(server);
    return { world, url: server.url };
  };
}

function appHandled(reply: Reply, status: number, code: string): void {
  expect({ status: reply.status, body: JSON.parse(reply.body) as unknown }).toEqual({
    status,
    body: { handledBy: "app", code },
  });
}

/**
 * Registers the table of `apiKeyAuth` options every adapter shares: where keys are read
 * (`headers`, `getKey`), where refusals go (`onError: "throw"`, inherited by the guards), that the
 * guards never take another library's `auth` for a principal, and the management API's own
 * authentication options.
 * @param name - shown in the report, e.g. `"express 5"`
 * @param start - starts the app described in {@link StartOptionsServer}
 */
export function describeAuthOptionsConformance(name: string, start: StartOptionsServer): void {
  describe(`${name}: apiKeyAuth options`, () => {
    const open = optionsHarness(start);

    describe("headers", () => {
      it("reads keys from the headers named, any case, and refuses keys elsewhere naming where they go", async () => {
        const { url, world } = await open({ headers: ["X-Api-Key"] });
        const { alice } = world.keys;
        expectPass(await send(`${url}/api/posts`, { headers: { "x-api-key": alice } }), { userId: "alice" });
        expectPass(await send(`${url}/api/posts`, { headers: { "X-API-KEY": alice } }), { userId: "alice" });
        const misplaced =
          '{"error":"An API key was sent where it is not read: send it in the x-api-key header"}';
        await world.keyward.settings.setPublicRole("public");
        // Authorization is not read here: a key in it, whatever the scheme, is misplaced, never public.
        for (const headers of [
          { "api-key": alice },
          { authorization: `Bearer ${alice}` },
          { authorization: `Token ${alice}` },
          { authorization: alice },
          { authorization: `Basic ${btoa(`${alice}:`)}` },
          { authorization: `Basic ${btoa(`user:${alice}`)}` },
        ]) {
          expectAnswer(await send(`${url}/api/posts`, { headers }), 400, misplaced);
        }
        // Authorization without a key still means nothing to keyward: the public role.
        expectPass(await send(`${url}/api/posts`, { headers: { authorization: "Basic dXNlcjpwYXNz" } }), {
          kind: "public",
        });
      });

      it("adds a header to the defaults: the conflict rule spans all of them, a bad key is never public", async () => {
        const { url, world } = await open({ headers: ["api-key", "authorization", "x-api-key"] });
        await world.keyward.settings.setPublicRole("public");
        const { alice, app, unknown } = world.keys;
        expectPass(await send(`${url}/api/posts`, { headers: { "x-api-key": alice } }), { userId: "alice" });
        expectPass(await send(`${url}/api/posts`, { headers: { authorization: `Bearer ${app}` } }), {
          kind: "app",
        });
        expectAnswer(
          await send(`${url}/api/posts`, { headers: { "x-api-key": alice, "api-key": app } }),
          400,
          BODIES.conflict,
        );
        const failed = await send(`${url}/api/posts`, { headers: { "x-api-key": unknown } });
        expectAnswer(failed, 401, BODIES.failed);
        expect(failed.headers.get("www-authenticate")).toBe(INVALID_TOKEN_CHALLENGE);
        // An empty value is a key that fails, not "no key" (which would be the public role).
        expectAnswer(await send(`${url}/api/posts`, { headers: { "x-api-key": "" } }), 401, BODIES.failed);
        expectPass(await send(`${url}/api/posts`), { kind: "public" });
      });
    });

    describe("getKey", () => {
      for (const mode of ["sync", "async"] as const) {
        it(`takes the key it reads (${mode}), checked like any other`, async () => {
          const { url, world } = await open({ cookieKey: { name: "session_key", mode } });
          await world.keyward.settings.setPublicRole("public");
          const { alice, app, revoked } = world.keys;
          // A cookie holding a whole key would be a misplaced key, were it not the one getKey read.
          expectPass(await send(`${url}/api/posts`, { headers: { cookie: `session_key=${alice}` } }), {
            userId: "alice",
          });
          // Without the cookie, the usual headers still work; without any key, the public role.
          expectPass(await send(`${url}/api/posts`, { headers: { "api-key": app } }), { kind: "app" });
          expectPass(await send(`${url}/api/posts`), { kind: "public" });
          // The same key twice is fine; two different keys are a conflict.
          expectPass(
            await send(`${url}/api/posts`, { headers: { cookie: `session_key=${alice}`, "api-key": alice } }),
            { userId: "alice" },
          );
          expectAnswer(
            await send(`${url}/api/posts`, { headers: { cookie: `session_key=${alice}`, "api-key": app } }),
            400,
            BODIES.conflict,
          );
          // A bad key read by getKey is a 401, never the public role.
          expectAnswer(
            await send(`${url}/api/posts`, { headers: { cookie: `session_key=${revoked}` } }),
            401,
            BODIES.failed,
          );
          // Another key in another cookie is still misplaced: only the key getKey read is excused.
          const other = await send(`${url}/api/posts`, {
            headers: { cookie: `session_key=${alice}; other=${app}` },
          });
          expect(other.status).toBe(400);
          expect(other.body).toContain("where it is not read");
          expect(other.body).not.toContain(app.slice(4));
        });
      }

      it("hands a getKey that returns something other than a string to the app's error handling, never letting the request through", async () => {
        const { url, world } = await open({
          cookieKey: { name: "session_key", mode: "broken" },
          throwErrors: true,
        });
        await world.keyward.settings.setPublicRole("public");
        const reply = await send(`${url}/api/posts`, {
          headers: { cookie: `session_key=${world.keys.alice}` },
        });
        appHandled(reply, 500, "internal");
      });
    });

    describe('onError: "throw"', () => {
      it("hands every refusal of apiKeyAuth and of the guards after it to the app's error handler", async () => {
        const { url, world } = await open({ throwErrors: true });
        const { app, unknown } = world.keys;
        const required = await send(`${url}/api/posts`);
        appHandled(required, 401, "authentication_required");
        expect(required.headers.get("www-authenticate")).toBe(CHALLENGE);
        appHandled(
          await send(`${url}/api/posts`, { headers: { "api-key": unknown } }),
          401,
          "authentication_failed",
        );
        appHandled(
          await send(`${url}/api/posts`, { headers: { "api-key": unknown, authorization: `Bearer ${app}` } }),
          400,
          "conflicting_credentials",
        );
        // The guard has no onError of its own: it inherits apiKeyAuth's.
        appHandled(
          await send(`${url}/api/overwritten`, { headers: { "api-key": app } }),
          403,
          "permission_denied",
        );
        expectPass(await send(`${url}/api/posts`, { headers: { "api-key": app } }), { kind: "app" });
      });

      it("hands a store failure over as a 503 with Retry-After, never a 401", async () => {
        const { url, world } = await open({ throwErrors: true });
        world.control.mode = "throw";
        const reply = await send(`${url}/api/posts`, { headers: { "api-key": world.keys.alice } });
        appHandled(reply, 503, "service_unavailable");
        expect(reply.headers.get("retry-after")).toBe("1");
      });
    });

    describe("another library's auth", () => {
      it("keeps what it set before apiKeyAuth, while the guards use keyward's principal", async () => {
        const { url, world } = await open({});
        const reply = await send(`${url}/early/posts`, { headers: { "api-key": world.keys.alice } });
        expect(reply.status, reply.body).toBe(200);
        expect(JSON.parse(reply.body)).toMatchObject({ auth: { userId: "alice" }, foreign: "mallory" });
      });

      it("is never taken for a principal by the guards", async () => {
        const { url, world } = await open({});
        await world.keyward.settings.setPublicRole("public");
        expectAnswer(await send(`${url}/foreign/posts`), 401, BODIES.required);
        // After apiKeyAuth, the principal keyward found still decides: alice is no user manager.
        expectAnswer(
          await send(`${url}/api/overwritten`, { headers: { "api-key": world.keys.alice } }),
          403,
          BODIES.denied,
        );
        expect(
          (await send(`${url}/api/overwritten`, { headers: { "api-key": world.keys.admin } })).status,
        ).toBe(200);
      });
    });

    describe("management API authentication options", () => {
      it("reads the management key from the headers its auth options name", async () => {
        const { url, world } = await open({ managementHeaders: ["x-admin-key"] });
        const { admin } = world.keys;
        const listed = await send(`${url}/manage/roles`, { headers: { "x-admin-key": admin } });
        expect(listed.status, listed.body).toBe(200);
        const misplaced = await send(`${url}/manage/roles`, { headers: { "api-key": admin } });
        expect(misplaced.status).toBe(400);
        expect(misplaced.body).toContain("x-admin-key");
        expectAnswer(await send(`${url}/manage/roles`), 401, BODIES.required);
      });
    });
  });
}
