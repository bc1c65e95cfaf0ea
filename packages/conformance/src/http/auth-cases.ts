import { describe, expect, it } from "vitest";
import type { StartServer } from "./app-contract";
import { send, sendRaw } from "./client";
import { STORE_TIMEOUT_MS } from "./fixtures";
import {
  BODIES,
  CHALLENGE,
  createHttpHarness,
  expectAnswer,
  expectPass,
  INVALID_TOKEN_CHALLENGE,
} from "./harness";

const keyHeader = (key: string) => ({ headers: { "api-key": key } });

/** Registers the rows of the HTTP table about authentication and permissions. */
export function describeAuthTable(startServer: StartServer): void {
  const open = createHttpHarness(startServer);

  describe("no key", () => {
    it("is 401 Authentication required without a public role, on guarded and open routes", async () => {
      const { url } = await open();
      for (const path of ["/api/posts", "/api/open"]) {
        const reply = await send(`${url}${path}`);
        expectAnswer(reply, 401, BODIES.required);
        expect(reply.headers.get("www-authenticate")).toBe(CHALLENGE);
      }
    });

    it("passes as the public principal when the public role holds the permission", async () => {
      const { url, world } = await open();
      await world.keyward.settings.setPublicRole("public");
      expectPass(await send(`${url}/api/posts`), {
        kind: "public",
        userId: null,
        keyId: null,
        role: "public",
      });
    });

    it("is 401 Authentication required when the public role lacks the permission", async () => {
      const { url, world } = await open();
      await world.keyward.settings.setPublicRole("public");
      const reply = await send(`${url}/api/posts`, { method: "POST" });
      expectAnswer(reply, 401, BODIES.required);
      expect(reply.headers.get("www-authenticate")).toBe(CHALLENGE);
    });

    it("with optional, passes unauthenticated to open routes but not guarded ones", async () => {
      const { url } = await open({ optional: true });
      expectPass(await send(`${url}/api/open`), null);
      expectAnswer(await send(`${url}/api/posts`), 401, BODIES.required);
    });

    it("ignores other Authorization schemes such as Basic", async () => {
      const { url } = await open();
      const reply = await send(`${url}/api/posts`, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
      expectAnswer(reply, 401, BODIES.required);
    });
  });

  describe("bad keys", () => {
    it("answer byte-identical 401s: malformed, unknown, revoked, expired, refreshed-away, inactive owner, empty", async () => {
      const { url, world } = await open();
      // The public role must not rescue any of them.
      await world.keyward.settings.setPublicRole("public");
      world.advance(61_000);
      const { keys } = world;
      const bad = [
        keys.malformed,
        keys.unknown,
        keys.revoked,
        keys.expiring,
        keys.refreshedAway,
        keys.inactiveOwner,
      ];
      const replies = await Promise.all(bad.map((key) => send(`${url}/api/posts`, keyHeader(key))));
      replies.push(await sendRaw(url, ["GET /api/posts HTTP/1.1", "api-key:"]));
      replies.push(await send(`${url}/api/posts`, { headers: { authorization: `Bearer ${keys.revoked}` } }));
      for (const reply of replies) {
        expectAnswer(reply, 401, BODIES.failed);
        expect(reply.headers.get("www-authenticate")).toBe(INVALID_TOKEN_CHALLENGE);
      }
      const shapes = new Set(
        replies.map((reply) =>
          JSON.stringify([reply.status, reply.headers.get("www-authenticate"), reply.body]),
        ),
      );
      expect(shapes.size).toBe(1);
    });

    it("stay 401 with optional: a bad key never becomes anonymous", async () => {
      const { url, world } = await open({ optional: true });
      expectAnswer(await send(`${url}/api/open`, keyHeader(world.keys.unknown)), 401, BODIES.failed);
    });

    it("never appear in the answer", async () => {
      const { url, world } = await open();
      const reply = await send(`${url}/api/posts`, keyHeader(world.keys.revoked));
      expect(reply.body).not.toContain(world.keys.revoked.slice(4));
      expect([...reply.headers.values()].join("\n")).not.toContain(world.keys.revoked.slice(4));
    });
  });

  describe("valid keys", () => {
    it("user key with the permission passes, by api-key, Bearer and lower-case bearer", async () => {
      const { url, world } = await open();
      const alice = { kind: "user", userId: "alice", keyId: world.keys.aliceId, role: "editor" };
      expectPass(await send(`${url}/api/posts`, keyHeader(world.keys.alice)), alice);
      expectPass(
        await send(`${url}/api/posts`, { headers: { authorization: `Bearer ${world.keys.alice}` } }),
        alice,
      );
      expectPass(
        await send(`${url}/api/posts`, { headers: { authorization: `bearer ${world.keys.alice}` } }),
        alice,
      );
      expectPass(
        await send(`${url}/api/posts`, {
          headers: { "api-key": world.keys.alice, authorization: `Bearer ${world.keys.alice}` },
        }),
        alice,
      );
    });

    it("user key without the permission is 403", async () => {
      const { url, world } = await open();
      const reply = await send(`${url}/api/items/secrets`, keyHeader(world.keys.alice));
      expectAnswer(reply, 403, BODIES.denied);
      expect(reply.headers.get("www-authenticate")).toBeNull();
      expectPass(await send(`${url}/api/items/pages`, keyHeader(world.keys.alice)), { userId: "alice" });
    });

    it("app key acts with its own role", async () => {
      const { url, world } = await open();
      expectPass(await send(`${url}/api/posts`, keyHeader(world.keys.app)), {
        kind: "app",
        userId: null,
        role: "reader",
      });
      expectAnswer(
        await send(`${url}/api/posts`, { method: "POST", ...keyHeader(world.keys.app) }),
        403,
        BODIES.denied,
      );
    });

    it("admin may do everything", async () => {
      const { url, world } = await open();
      expectPass(await send(`${url}/api/posts`, { method: "POST", ...keyHeader(world.keys.admin) }), {
        role: "admin",
      });
      expectPass(await send(`${url}/api/items/secrets`, keyHeader(world.keys.admin)), { role: "admin" });
    });

    it("a scoped key can do only what its scope allows", async () => {
      const { url, world } = await open();
      expectPass(await send(`${url}/api/posts`, keyHeader(world.keys.scoped)), { userId: "alice" });
      const reply = await send(`${url}/api/posts`, { method: "POST", ...keyHeader(world.keys.scoped) });
      expectAnswer(reply, 403, BODIES.denied);
    });

    it("{ all } and { any } requirements", async () => {
      const { url, world } = await open();
      expectPass(await send(`${url}/api/all`, keyHeader(world.keys.alice)), { userId: "alice" });
      expectAnswer(await send(`${url}/api/all`, keyHeader(world.keys.app)), 403, BODIES.denied);
      expectPass(await send(`${url}/api/any`, keyHeader(world.keys.alice)), { userId: "alice" });
      expectAnswer(await send(`${url}/api/any`, keyHeader(world.keys.app)), 403, BODIES.denied);
    });
  });

  describe("conflicting credentials", () => {
    it("two different api-key headers on the wire are 400; the same key twice passes", async () => {
      const { url, world } = await open();
      const { alice, app } = world.keys;
      expectAnswer(
        await sendRaw(url, ["GET /api/posts HTTP/1.1", `api-key: ${alice}`, `api-key: ${app}`]),
        400,
        BODIES.conflict,
      );
      expectPass(await sendRaw(url, ["GET /api/posts HTTP/1.1", `api-key: ${alice}`, `API-Key: ${alice}`]), {
        userId: "alice",
      });
      expectAnswer(await send(`${url}/api/posts`, keyHeader(`${alice}, ${app}`)), 400, BODIES.conflict);
    });

    it("api-key and a different Bearer, or two different Bearers, are 400", async () => {
      const { url, world } = await open();
      const { alice, app } = world.keys;
      const mixed = await send(`${url}/api/posts`, {
        headers: { "api-key": alice, authorization: `Bearer ${app}` },
      });
      expectAnswer(mixed, 400, BODIES.conflict);
      expectAnswer(
        await sendRaw(url, [
          "GET /api/posts HTTP/1.1",
          `Authorization: Bearer ${alice}`,
          `Authorization: Bearer ${app}`,
        ]),
        400,
        BODIES.conflict,
      );
    });

    it("a valid key next to an invalid one is 400, not a pass", async () => {
      const { url, world } = await open();
      const reply = await send(`${url}/api/posts`, {
        headers: { "api-key": world.keys.alice, authorization: `Bearer ${world.keys.unknown}` },
      });
      expectAnswer(reply, 400, BODIES.conflict);
    });
  });

  describe("query keys", () => {
    it("are refused with 400 pointing to the header when not enabled", async () => {
      const { url, world } = await open();
      const reply = await send(`${url}/api/posts?api_key=${world.keys.alice}`);
      expect(reply.status).toBe(400);
      expect(reply.headers.get("cache-control")).toBe("no-store");
      expect(JSON.parse(reply.body).error).toMatch(/api-key header/);
      expect(reply.body).not.toContain(world.keys.alice);
    });

    it("work when enabled, and still conflict with a different header key", async () => {
      const { url, world } = await open({ allowQueryKey: true });
      expectPass(await send(`${url}/api/posts?api_key=${world.keys.alice}`), { userId: "alice" });
      const reply = await send(`${url}/api/posts?api_key=${world.keys.alice}`, keyHeader(world.keys.app));
      expectAnswer(reply, 400, BODIES.conflict);
      expectAnswer(await send(`${url}/api/posts?api_key=nope`), 401, BODIES.failed);
    });
  });

  describe("store failures", () => {
    it("a throwing store is 503 with Retry-After, for keys and for the public role", async () => {
      const { url, world } = await open({ optional: true });
      await world.keyward.settings.setPublicRole("public");
      world.control.mode = "throw";
      for (const init of [keyHeader(world.keys.alice), {}]) {
        const reply = await send(`${url}/api/open`, init);
        expectAnswer(reply, 503, BODIES.unavailable);
        expect(Number(reply.headers.get("retry-after"))).toBeGreaterThanOrEqual(0);
        expect(reply.headers.get("www-authenticate")).toBeNull();
      }
    });

    it(`a hanging store is 503 within storeTimeoutMs (${STORE_TIMEOUT_MS} ms) + 250 ms`, async () => {
      const { url, world } = await open();
      world.control.mode = "hang";
      const reply = await send(`${url}/api/posts`, {
        ...keyHeader(world.keys.alice),
        signal: AbortSignal.timeout(STORE_TIMEOUT_MS + 250),
      });
      expectAnswer(reply, 503, BODIES.unavailable);
      expect(reply.headers.get("retry-after")).not.toBeNull();
    });
  });
}
