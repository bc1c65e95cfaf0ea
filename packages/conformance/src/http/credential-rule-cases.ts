import { describe, expect, it } from "vitest";
import type { StartServer } from "./app-contract";
import { send, sendRaw } from "./client";
import { BODIES, createHttpHarness, expectAnswer, expectPass } from "./harness";

/** The 400 for a key sent where keyward does not read keys. */
export const MISPLACED_BODY =
  '{"error":"An API key was sent where it is not read: send it in the api-key header or as Authorization: Bearer <key>"}';
const NOT_FOUND_BODY = '{"error":"Not found"}';

/**
 * Registers the credential rule: keys are read from `api-key`, then `Authorization: Bearer`, then
 * (when enabled) `?api_key=`; a whole key anywhere else is a 400 that says where keys go, never the
 * public role. Also: a permission name built from the request that is not a name is a 404.
 * @param startServer - starts the adapter's conformance app
 */
export function describeCredentialRule(startServer: StartServer): void {
  const open = createHttpHarness(startServer);

  describe("keys where keyward does not read them", () => {
    it("are 400 in another header, query parameter, Authorization scheme or the path — with or without a public role", async () => {
      const { url, world } = await open();
      await world.keyward.settings.setPublicRole("public");
      const { alice } = world.keys;
      const replies = [
        await send(`${url}/api/posts`, { headers: { "x-api-key": alice } }),
        await send(`${url}/api/posts`, { headers: { api_key: alice } }),
        await send(`${url}/api/posts`, { headers: { "x-api-key": alice, "api-key": alice } }),
        await send(`${url}/api/posts?api-key=${alice}`),
        await send(`${url}/api/posts?token=${alice}`),
        await send(`${url}/api/posts`, { headers: { authorization: `Token ${alice}` } }),
        await send(`${url}/api/posts`, { headers: { authorization: alice } }),
        await send(`${url}/api/posts`, { headers: { authorization: `Bearer(v2) ${alice}` } }),
        await send(`${url}/api/items/${alice}`),
        await send(`${url}/api/items/USR%2D${alice.slice(4)}`),
        await send(`${url}/api/posts`, { headers: { authorization: `Basic ${btoa(`${alice}:`)}` } }),
        await send(`${url}/api/posts`, { headers: { cookie: `k=USR%2D${alice.slice(4)}` } }),
        await sendRaw(url, ["GET /api/posts HTTP/1.1", `X-API-KEY: ${alice}`]),
      ];
      for (const reply of replies) {
        expectAnswer(reply, 400, MISPLACED_BODY);
        expect(reply.body).not.toContain(alice.slice(4, 12));
      }
    });

    it("do not disturb ordinary headers that only look a little like keys", async () => {
      const { url, world } = await open();
      await world.keyward.settings.setPublicRole("public");
      const reply = await send(`${url}/api/posts?q=api-docs`, {
        headers: { "x-request-id": "api-0123456789abcdef", authorization: "Basic dXNlcjpwYXNz" },
      });
      expectPass(reply, { kind: "public" });
    });

    it("read api-key and Authorization in any case on the wire", async () => {
      const { url, world } = await open();
      const { alice } = world.keys;
      expectPass(await sendRaw(url, ["GET /api/posts HTTP/1.1", `API-KEY: ${alice}`]), { userId: "alice" });
      expectPass(await sendRaw(url, ["GET /api/posts HTTP/1.1", `AUTHORIZATION: bEaReR ${alice}`]), {
        userId: "alice",
      });
    });
  });

  describe("permission names built from the request", () => {
    it("that are not names are 404 for every caller, never a 500", async () => {
      const { url, world } = await open({ optional: true });
      await world.keyward.settings.setPublicRole("public");
      for (const model of ["%00", "a%20b", "*", "%E2%80%8B", "%3F", "%25", "x".repeat(1100)]) {
        for (const headers of [{}, { "api-key": world.keys.alice }, { "api-key": world.keys.admin }]) {
          const reply = await send(`${url}/api/items/${model}`, { headers });
          expectAnswer(reply, 404, NOT_FOUND_BODY);
        }
      }
      // A bad key is still a 401 first: authentication runs before the route.
      expectAnswer(
        await send(`${url}/api/items/%00`, { headers: { "api-key": world.keys.unknown } }),
        401,
        BODIES.failed,
      );
    });
  });
}
