import { describe, expect, it } from "vitest";
import { createKeyward } from "../../keyward";
import { memoryStore } from "../../memory-store";
import type { Principal } from "../../principal";
import type { HttpAnswer } from "../answers";
import { createManagementHandler, type ManagementRequest } from "./handler";

async function setup() {
  const store = memoryStore();
  const keyward = createKeyward({ store, now: () => new Date("2030-01-01T00:00:00Z") });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["posts/read"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["posts/read"] });
  await keyward.users.save({ id: "root", role: "admin", active: true });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const principalOf = async (key: string | null): Promise<Principal> => {
    const result = await keyward.authenticate(key);
    if (!result.ok) throw new Error("no principal");
    return result.principal;
  };
  const admin = await principalOf((await keyward.keys.create({ userId: "root" })).key);
  const aliceKey = await keyward.keys.create({ userId: "alice" });
  const alice = await principalOf(aliceKey.key);
  const management = createManagementHandler(keyward);
  const call = (
    request: Partial<ManagementRequest> & { method: string; path: string },
  ): Promise<HttpAnswer> => management.handle({ principal: admin, ...request });
  return { keyward, store, admin, alice, aliceKey, principalOf, call };
}

const json = (answer: HttpAnswer): Record<string, unknown> => JSON.parse(answer.body ?? "null");

describe("createManagementHandler", () => {
  it("creates, lists, gets, refreshes and revokes keys", async () => {
    const { call, keyward } = await setup();
    const created = await call({
      method: "POST",
      path: "/keys",
      body: {
        userId: "alice",
        name: "ci",
        expiresAt: "2031-01-01T00:00:00.000Z",
        permissions: ["posts/read"],
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers["cache-control"]).toBe("no-store");
    const { key, record } = json(created) as { key: string; record: Record<string, unknown> };
    expect(key).toMatch(/^USR-[0-9a-f]{40}$/);
    expect(record).toMatchObject({ userId: "alice", name: "ci", expiresAt: "2031-01-01T00:00:00.000Z" });
    expect(Object.keys(record).sort()).toEqual(
      [
        "createdAt",
        "etag",
        "expiresAt",
        "id",
        "kind",
        "lastUsedAt",
        "name",
        "permissions",
        "revokedAt",
        "role",
        "start",
        "userId",
      ].sort(),
    );
    const id = record.id as string;

    const listed = await call({ method: "GET", path: "/keys", query: { userId: "alice" } });
    expect((json(listed).keys as unknown[]).length).toBe(2);
    expect(listed.body).not.toContain(key);
    expect(json(await call({ method: "GET", path: `/keys/${id}/` })).id).toBe(id);

    const refreshed = await call({ method: "POST", path: `/keys/${id}/refresh` });
    expect(refreshed.status).toBe(200);
    expect((await keyward.authenticate(key)).ok).toBe(false);
    const revoked = await call({ method: "DELETE", path: `/keys/${id}` });
    expect(revoked.status).toBe(204);
    expect(revoked.body).toBeUndefined();
    expect((await keyward.authenticate((json(refreshed) as { key: string }).key)).ok).toBe(false);
  });

  it("maps core errors to 404, 409 and 400 naming the field", async () => {
    const { call, store, aliceKey } = await setup();
    expect((await call({ method: "GET", path: "/keys/nope" })).status).toBe(404);
    expect((await call({ method: "DELETE", path: "/keys/nope" })).status).toBe(404);
    const badDate = await call({
      method: "POST",
      path: "/keys",
      body: { userId: "alice", expiresAt: "tomorrow" },
    });
    expect(badDate.status).toBe(400);
    expect(json(badDate).error).toMatch(/expiresAt/);
    const past = await call({
      method: "POST",
      path: "/keys",
      body: { userId: "alice", expiresAt: "2000-01-01T00:00:00Z" },
    });
    expect(json(past).error).toMatch(/expiresAt must be in the future/);
    const typo = await call({ method: "POST", path: "/keys", body: { userid: "alice" } });
    expect(json(typo).error).toMatch(/userid/);
    expect((await call({ method: "POST", path: "/keys", body: [] })).status).toBe(400);
    expect((await call({ method: "POST", path: "/keys", rawBody: "{nope" })).body).toBe(
      '{"error":"The request body must be valid JSON"}',
    );
    const badUser = await call({
      method: "PUT",
      path: "/users/bob",
      body: { role: "editor", active: "yes" },
    });
    expect(json(badUser).error).toMatch(/active/);
    // A refresh that loses the race: the stored secret changed between read and swap.
    store.swapKeySecret = () => false;
    const lost = await call({ method: "POST", path: `/keys/${aliceKey.record.id}/refresh` });
    expect(lost.status).toBe(409);
  });

  it("answers 503 when the store fails, without details", async () => {
    const { call, store } = await setup();
    store.listRoles = () => {
      throw new Error("db down at 10.0.0.1");
    };
    const answer = await call({ method: "GET", path: "/roles" });
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("1");
    expect(answer.body).toBe('{"error":"Service unavailable"}');
  });

  it("routes: 404 unknown, 405 with Allow", async () => {
    const { call } = await setup();
    expect((await call({ method: "GET", path: "/nope" })).body).toBe('{"error":"Not found"}');
    expect((await call({ method: "GET", path: "/keys/%E0%A4%A" })).status).toBe(404);
    const wrong = await call({ method: "PATCH", path: "/keys" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe("GET, POST");
  });

  it("checks permissions: 403 for keys, 401 for the public role and no principal", async () => {
    const { call, alice, keyward, principalOf } = await setup();
    expect((await call({ method: "GET", path: "/roles", principal: alice })).status).toBe(403);
    expect((await call({ method: "GET", path: "/roles", principal: undefined })).status).toBe(401);
    await keyward.settings.setPublicRole("public");
    const pub = await principalOf(null);
    const answer = await call({ method: "POST", path: "/me/keys/refresh", principal: pub });
    expect(answer.status).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe('Bearer realm="keyward"');
  });

  it("refreshes the calling user key on /me/keys/refresh, and refuses app keys", async () => {
    const { call, alice, aliceKey, keyward, principalOf } = await setup();
    const answer = await call({ method: "POST", path: "/me/keys/refresh", principal: alice });
    expect(answer.status).toBe(200);
    expect((json(answer).record as { id: string }).id).toBe(aliceKey.record.id);
    expect((await keyward.authenticate(aliceKey.key)).ok).toBe(false);
    const app = await keyward.keys.create({ role: "editor" });
    const appAnswer = await call({
      method: "POST",
      path: "/me/keys/refresh",
      principal: await principalOf(app.key),
    });
    expect(appAnswer.status).toBe(403);
    expect((await keyward.authenticate(app.key)).ok).toBe(true);
  });

  it("manages roles, users and the public role", async () => {
    const { call } = await setup();
    const put = await call({
      method: "PUT",
      path: "/roles/writer",
      body: { name: "Writer", permissions: ["posts/*"] },
    });
    expect(json(put)).toEqual({ appid: "writer", name: "Writer", permissions: ["posts/*"] });
    expect(
      (await call({ method: "PUT", path: "/roles/writer", body: { appid: "x", name: "W", permissions: [] } }))
        .status,
    ).toBe(400);
    expect((json(await call({ method: "GET", path: "/roles" })).roles as unknown[]).length).toBe(3);
    expect(json(await call({ method: "GET", path: "/roles/writer" })).name).toBe("Writer");
    expect((await call({ method: "PUT", path: "/users/bob", body: { role: "writer" } })).status).toBe(200);
    expect(json(await call({ method: "GET", path: "/users/bob" }))).toEqual({
      id: "bob",
      role: "writer",
      active: true,
    });
    expect((await call({ method: "DELETE", path: "/users/bob" })).status).toBe(204);
    expect((await call({ method: "GET", path: "/users/bob" })).status).toBe(404);
    expect((await call({ method: "DELETE", path: "/roles/writer" })).status).toBe(204);
    const set = await call({ method: "PUT", path: "/settings/public-role", body: { role: "public" } });
    expect(json(set)).toEqual({ role: "public" });
    expect((await call({ method: "PUT", path: "/settings/public-role", body: {} })).status).toBe(400);
    expect(json(await call({ method: "PUT", path: "/settings/public-role", body: { role: null } }))).toEqual({
      role: null,
    });
  });

  describe("versions: ETag and If-Match", () => {
    const issued = (answer: HttpAnswer) =>
      json(answer) as { key: string; record: { id: string; etag: string } };

    it("carries the version in ETag and in every record, created, read, listed and refreshed", async () => {
      const { call } = await setup();
      const created = await call({ method: "POST", path: "/keys", body: { userId: "alice" } });
      const { record } = issued(created);
      expect(record.etag).toMatch(/^"[0-9a-f]{16}"$/);
      expect(created.headers.etag).toBe(record.etag);
      const read = await call({ method: "GET", path: `/keys/${record.id}` });
      expect(read.headers.etag).toBe(record.etag);
      expect(json(read).etag).toBe(record.etag);
      const listed = json(await call({ method: "GET", path: "/keys" })).keys as {
        id: string;
        etag: string;
      }[];
      expect(listed.find((key) => key.id === record.id)?.etag).toBe(record.etag);
      const refreshed = await call({ method: "POST", path: `/keys/${record.id}/refresh` });
      expect(refreshed.headers.etag).toBe(issued(refreshed).record.etag);
      expect(refreshed.headers.etag).not.toBe(record.etag);
    });

    it("refreshes with a current If-Match once; the same If-Match again is 412 and changes nothing", async () => {
      const { call, keyward, aliceKey } = await setup();
      const path = `/keys/${aliceKey.record.id}/refresh`;
      const first = await call({ method: "POST", path, ifMatch: aliceKey.record.etag });
      expect(first.status).toBe(200);
      const stale = await call({ method: "POST", path, ifMatch: aliceKey.record.etag });
      expect([stale.status, stale.body, stale.code]).toEqual([
        412,
        '{"error":"Precondition failed"}',
        "precondition_failed",
      ]);
      expect(stale.headers["cache-control"]).toBe("no-store");
      expect((await keyward.authenticate(issued(first).key)).ok).toBe(true);
    });

    it.each([
      ["a stale tag", (etag: string) => `"0000000000000000", W/${etag}`, 412],
      ["a weak tag of the current version", (etag: string) => `W/${etag}`, 412],
      ["a malformed header", (etag: string) => etag.slice(1, -1), 412],
      ["an empty header", () => "", 412],
      ["the current tag among others", (etag: string) => `"0000000000000000", ${etag}`, 200],
      ["*", () => "*", 200],
    ])("refresh with %s answers %i", async (_label, header, status) => {
      const { call, aliceKey } = await setup();
      const answer = await call({
        method: "POST",
        path: `/keys/${aliceKey.record.id}/refresh`,
        ifMatch: header(aliceKey.record.etag),
      });
      expect(answer.status).toBe(status);
    });

    it("revokes with a current If-Match, 412 with a stale one, 404 for an unknown key", async () => {
      const { call, keyward, aliceKey } = await setup();
      const path = `/keys/${aliceKey.record.id}`;
      await keyward.keys.refresh(aliceKey.record.id);
      const stale = await call({ method: "DELETE", path, ifMatch: aliceKey.record.etag });
      expect(stale.status).toBe(412);
      expect((await keyward.keys.get(aliceKey.record.id))?.revokedAt).toBeNull();
      const current = (await keyward.keys.get(aliceKey.record.id))!.etag;
      expect((await call({ method: "DELETE", path, ifMatch: current })).status).toBe(204);
      expect((await keyward.keys.get(aliceKey.record.id))?.revokedAt).not.toBeNull();
      expect((await call({ method: "DELETE", path: "/keys/nope", ifMatch: "*" })).status).toBe(404);
      expect((await call({ method: "POST", path: "/keys/nope/refresh", ifMatch: "*" })).status).toBe(404);
    });

    it("honours If-Match on /me/keys/refresh too", async () => {
      const { call, alice, aliceKey } = await setup();
      const stale = await call({
        method: "POST",
        path: "/me/keys/refresh",
        principal: alice,
        ifMatch: '"0000000000000000"',
      });
      expect(stale.status).toBe(412);
      const answer = await call({
        method: "POST",
        path: "/me/keys/refresh",
        principal: alice,
        ifMatch: aliceKey.record.etag,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.etag).toBe(issued(answer).record.etag);
    });
  });
});

describe("If-Match outside key versions", () => {
  it("is evaluated, never ignored: a tag can never match a route without versions (412), * passes", async () => {
    const { call, keyward } = await setup();
    await keyward.roles.save({ appid: "writer", name: "Writer", permissions: ["a"] });
    for (const [method, path, body] of [
      ["PUT", "/roles/writer", { name: "W", permissions: ["b"] }],
      ["DELETE", "/roles/writer", undefined],
      ["PUT", "/settings/public-role", { role: null }],
      ["PUT", "/users/alice", { role: "editor" }],
    ] as const) {
      expect((await call({ method, path, body, ifMatch: '"stale"' })).status).toBe(412);
    }
    expect((await keyward.roles.get("writer"))?.permissions).toEqual(["a"]);
    expect(
      (
        await call({
          method: "PUT",
          path: "/roles/writer",
          body: { name: "W", permissions: ["b"] },
          ifMatch: "*",
        })
      ).status,
    ).toBe(200);
  });

  it("is evaluated on GET /keys/:id", async () => {
    const { call, aliceKey } = await setup();
    const path = `/keys/${aliceKey.record.id}`;
    expect((await call({ method: "GET", path, ifMatch: aliceKey.record.etag })).status).toBe(200);
    expect((await call({ method: "GET", path, ifMatch: '"stale"' })).status).toBe(412);
  });
});
