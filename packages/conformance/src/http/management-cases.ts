import { describe, expect, it } from "vitest";
import type { StartServer } from "./app-contract";
import { describeBodyLimitCases } from "./body-limit-cases";
import { send } from "./client";
import { BODIES, CHALLENGE, createHttpHarness, expectAnswer, expectPass } from "./harness";
import { describeOpenApiCases } from "./openapi-cases";
import { describeVersionCases } from "./version-cases";

interface Issued {
  key: string;
  record: { id: string; userId: string | null; start: string; expiresAt: string | null };
}

/**
 * Registers the management API flows: keys, roles, users and the public role, errors, record
 * versions (`ETag`/`If-Match`), bodies over the limit and the OpenAPI document.
 */
export function describeManagementTable(startServer: StartServer): void {
  const open = createHttpHarness(startServer);
  const request = (key: string, method: string, body?: unknown, raw?: string): RequestInit => ({
    method,
    headers: {
      "api-key": key,
      ...(body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

  describe("management API", () => {
    it("create → use → refresh → old key 401 → revoke", async () => {
      const { url, world } = await open();
      const admin = world.keys.admin;
      const created = await send(
        `${url}/api/keyward/keys`,
        request(admin, "POST", { userId: "alice", name: "ci", expiresAt: "2031-01-01T00:00:00Z" }),
      );
      expect(created.status, created.body).toBe(201);
      expect(created.headers.get("cache-control")).toBe("no-store");
      expect(created.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const issued = JSON.parse(created.body) as Issued;
      expect(issued.key).toMatch(/^USR-[0-9a-f]{40}$/);
      expect(issued.record).toMatchObject({ userId: "alice", expiresAt: "2031-01-01T00:00:00.000Z" });
      expect(created.body).not.toMatch(/"hash"/);
      expectPass(await send(`${url}/api/posts`, { headers: { "api-key": issued.key } }), {
        keyId: issued.record.id,
      });

      const listed = await send(`${url}/api/keyward/keys?userId=alice`, request(admin, "GET"));
      expect(listed.status).toBe(200);
      expect(listed.headers.get("cache-control")).toBe("no-store");
      expect(listed.body).not.toContain(issued.key);
      expect((JSON.parse(listed.body) as { keys: Issued["record"][] }).keys.map((k) => k.id)).toContain(
        issued.record.id,
      );
      const one = await send(`${url}/api/keyward/keys/${issued.record.id}`, request(admin, "GET"));
      expect(JSON.parse(one.body)).toMatchObject({ id: issued.record.id, name: "ci" });

      const refreshed = await send(
        `${url}/api/keyward/keys/${issued.record.id}/refresh`,
        request(admin, "POST"),
      );
      expect(refreshed.status).toBe(200);
      expect(refreshed.headers.get("cache-control")).toBe("no-store");
      const next = JSON.parse(refreshed.body) as Issued;
      expect(next.key).not.toBe(issued.key);
      expect(next.record.id).toBe(issued.record.id);
      expectAnswer(
        await send(`${url}/api/posts`, { headers: { "api-key": issued.key } }),
        401,
        BODIES.failed,
      );
      expectPass(await send(`${url}/api/posts`, { headers: { "api-key": next.key } }), { userId: "alice" });

      const revoked = await send(`${url}/api/keyward/keys/${issued.record.id}`, request(admin, "DELETE"));
      expect(revoked.status).toBe(204);
      expect(revoked.body).toBe("");
      expect(revoked.headers.get("cache-control")).toBe("no-store");
      expectAnswer(await send(`${url}/api/posts`, { headers: { "api-key": next.key } }), 401, BODIES.failed);
    });

    it("404 for an unknown key id and an unknown route, 405 with Allow for a wrong method", async () => {
      const { url, world } = await open();
      const missing = await send(`${url}/api/keyward/keys/nope`, request(world.keys.admin, "GET"));
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.body).error).toMatch(/nope/);
      expectAnswer(
        await send(`${url}/api/keyward/nowhere`, request(world.keys.admin, "GET")),
        404,
        '{"error":"Not found"}',
      );
      const wrong = await send(`${url}/api/keyward/keys`, request(world.keys.admin, "PATCH", {}));
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get("allow")).toBe("GET, POST");
    });

    it("409 for the refresh that lost a race; exactly one secret stays valid", async () => {
      const { url, world } = await open();
      world.control.holdGetKey(2);
      const path = `${url}/api/keyward/keys/${world.keys.aliceId}/refresh`;
      const replies = await Promise.all([
        send(path, request(world.keys.admin, "POST")),
        send(path, request(world.keys.admin, "POST")),
      ]);
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
      const winner = JSON.parse(replies.find((reply) => reply.status === 200)!.body) as Issued;
      expectPass(await send(`${url}/api/posts`, { headers: { "api-key": winner.key } }), { userId: "alice" });
      expectAnswer(
        await send(`${url}/api/posts`, { headers: { "api-key": world.keys.alice } }),
        401,
        BODIES.failed,
      );
    });

    it("400 naming the field for a bad body, and for a body that is not JSON", async () => {
      const { url, world } = await open();
      const admin = world.keys.admin;
      const badDate = await send(
        `${url}/api/keyward/keys`,
        request(admin, "POST", { userId: "alice", expiresAt: "soon" }),
      );
      expect(badDate.status).toBe(400);
      expect(JSON.parse(badDate.body).error).toMatch(/expiresAt/);
      const typo = await send(`${url}/api/keyward/keys`, request(admin, "POST", { userid: "alice" }));
      expect(JSON.parse(typo.body).error).toMatch(/userid/);
      const badRole = await send(
        `${url}/api/keyward/roles/x`,
        request(admin, "PUT", { name: "X", permissions: "all" }),
      );
      expect(JSON.parse(badRole.body).error).toMatch(/permissions/);
      const notJson = await send(`${url}/api/keyward/keys`, request(admin, "POST", undefined, "{not json"));
      expectAnswer(notJson, 400, BODIES.invalidJson);
    });

    it("needs the management permissions: 403 for keys without, 401 without a key", async () => {
      const { url, world } = await open();
      expectAnswer(
        await send(`${url}/api/keyward/keys`, request(world.keys.alice, "GET")),
        403,
        BODIES.denied,
      );
      const anonymous = await send(`${url}/api/keyward/keys`);
      expectAnswer(anonymous, 401, BODIES.required);
      expect(anonymous.headers.get("www-authenticate")).toBe(CHALLENGE);
    });

    it("GET /me says who the key is and what it may manage; the public role gets 401", async () => {
      const { url, world } = await open();
      const manages = (reply: { body: string }) =>
        (JSON.parse(reply.body) as { manages: Record<string, boolean> }).manages;
      const admin = await send(`${url}/api/keyward/me`, request(world.keys.admin, "GET"));
      expect(admin.status).toBe(200);
      expect(JSON.parse(admin.body)).toMatchObject({
        kind: "user",
        userId: "root",
        role: "admin",
        scoped: false,
      });
      expect(Object.values(manages(admin))).toEqual([true, true, true, true]);
      const app = await send(`${url}/api/keyward/me`, request(world.keys.app, "GET"));
      expect(JSON.parse(app.body)).toMatchObject({ kind: "app", userId: null, role: "reader" });
      expect(Object.values(manages(app))).toEqual([false, false, false, false]);
      await world.keyward.settings.setPublicRole("public");
      expectAnswer(await send(`${url}/api/keyward/me`), 401, BODIES.required);
    });

    it("POST /me/keys/refresh refreshes the calling user key, refuses app keys and the public role", async () => {
      const { url, world } = await open();
      const reply = await send(`${url}/api/keyward/me/keys/refresh`, request(world.keys.alice, "POST"));
      expect(reply.status).toBe(200);
      expect(reply.headers.get("cache-control")).toBe("no-store");
      const next = JSON.parse(reply.body) as Issued;
      expect(next.record.id).toBe(world.keys.aliceId);
      expectAnswer(
        await send(`${url}/api/posts`, { headers: { "api-key": world.keys.alice } }),
        401,
        BODIES.failed,
      );
      expectPass(await send(`${url}/api/posts`, { headers: { "api-key": next.key } }), { userId: "alice" });
      // Any user key, and only user keys. An app key (often shipped in a front-end) cannot rotate itself.
      const app = await send(`${url}/api/keyward/me/keys/refresh`, request(world.keys.app, "POST"));
      expect(app.status).toBe(403);
      expect((await world.keyward.authenticate(world.keys.app)).ok).toBe(true);
      await world.keyward.settings.setPublicRole("public");
      expectAnswer(
        await send(`${url}/api/keyward/me/keys/refresh`, { method: "POST" }),
        401,
        BODIES.required,
      );
    });

    it("roles, users and the public role", async () => {
      const { url, world } = await open();
      const admin = world.keys.admin;
      const role = await send(
        `${url}/api/keyward/roles/writer`,
        request(admin, "PUT", { name: "Writer", permissions: ["content/*/read"] }),
      );
      expect(JSON.parse(role.body)).toEqual({
        appid: "writer",
        name: "Writer",
        permissions: ["content/*/read"],
      });
      const roles = JSON.parse((await send(`${url}/api/keyward/roles`, request(admin, "GET"))).body);
      expect(roles.roles.map((r: { appid: string }) => r.appid)).toContain("writer");
      const user = await send(
        `${url}/api/keyward/users/bob`,
        request(admin, "PUT", { role: "writer", active: true }),
      );
      expect(JSON.parse(user.body)).toEqual({ id: "bob", role: "writer", active: true });
      expect((await send(`${url}/api/keyward/users/bob`, request(admin, "DELETE"))).status).toBe(204);
      expect((await send(`${url}/api/keyward/users/bob`, request(admin, "GET"))).status).toBe(404);
      const set = await send(
        `${url}/api/keyward/settings/public-role`,
        request(admin, "PUT", { role: "public" }),
      );
      expect(JSON.parse(set.body)).toEqual({ role: "public" });
      expectPass(await send(`${url}/api/posts`), { kind: "public" });
      const read = await send(`${url}/api/keyward/settings/public-role`, request(admin, "GET"));
      expect(JSON.parse(read.body)).toEqual({ role: "public" });
    });

    it("a failing store is 503 on management routes too", async () => {
      const { url, world } = await open();
      const principalFirst = await send(`${url}/api/keyward/roles`, request(world.keys.admin, "GET"));
      expect(principalFirst.status).toBe(200);
      world.control.mode = "throw";
      expectAnswer(
        await send(`${url}/api/keyward/roles`, request(world.keys.admin, "GET")),
        503,
        BODIES.unavailable,
      );
    });

    describeVersionCases(open, request);
    describeBodyLimitCases(open);
    describeOpenApiCases(open, request);
  });
}
