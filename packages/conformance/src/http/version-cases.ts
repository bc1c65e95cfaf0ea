import { describe, expect, it } from "vitest";
import { send } from "./client";
import { BODIES, expectAnswer, expectPass, type Opened } from "./harness";

/** How many refreshes with one `If-Match` race over HTTP. */
const RACERS = 50;

const PRECONDITION_FAILED = '{"error":"Precondition failed"}';
const ETAG = /^"[0-9a-f]{16}"$/;

interface Issued {
  key: string;
  record: { id: string; etag: string };
}

/** Builds one management request: method, the caller's key, extra headers, a JSON body. */
export type ManagementRequestInit = (key: string, method: string, body?: unknown) => RequestInit;

const withIfMatch = (init: RequestInit, ifMatch: string): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), "if-match": ifMatch },
});

/**
 * Registers the versioning of key records: `ETag` on every answer that carries one record, `etag`
 * in every record, and `If-Match` on refresh and revoke (412 when stale, `*` for any existing key,
 * weak tags never matching, exactly one winner of a race).
 * @param open - starts a world and its server for the running test
 * @param request - builds a management request
 */
export function describeVersionCases(open: () => Promise<Opened>, request: ManagementRequestInit): void {
  describe("versions: ETag and If-Match", () => {
    it("ETag on create, read and refresh, equal to the record's etag; listed records carry theirs", async () => {
      const { url, world } = await open();
      const admin = world.keys.admin;
      const created = await send(`${url}/api/keyward/keys`, request(admin, "POST", { userId: "alice" }));
      const issued = JSON.parse(created.body) as Issued;
      expect(issued.record.etag).toMatch(ETAG);
      expect(created.headers.get("etag")).toBe(issued.record.etag);
      const one = await send(`${url}/api/keyward/keys/${issued.record.id}`, request(admin, "GET"));
      expect(one.headers.get("etag")).toBe(issued.record.etag);
      expect(JSON.parse(one.body).etag).toBe(issued.record.etag);
      const listed = JSON.parse((await send(`${url}/api/keyward/keys`, request(admin, "GET"))).body) as {
        keys: Issued["record"][];
      };
      expect(listed.keys.find((key) => key.id === issued.record.id)?.etag).toBe(issued.record.etag);
      for (const key of listed.keys) expect(key.etag).toMatch(ETAG);
      const refreshed = await send(
        `${url}/api/keyward/keys/${issued.record.id}/refresh`,
        request(admin, "POST"),
      );
      const next = JSON.parse(refreshed.body) as Issued;
      expect(refreshed.headers.get("etag")).toBe(next.record.etag);
      expect(next.record.etag).not.toBe(issued.record.etag);
    });

    it("412 for a stale If-Match on refresh and on DELETE, changing nothing", async () => {
      const { url, world } = await open();
      const admin = world.keys.admin;
      const path = `${url}/api/keyward/keys/${world.keys.aliceId}`;
      const { etag } = JSON.parse((await send(path, request(admin, "GET"))).body) as { etag: string };
      const first = await send(`${path}/refresh`, withIfMatch(request(admin, "POST"), etag));
      expect(first.status).toBe(200);
      const winner = JSON.parse(first.body) as Issued;
      expectAnswer(
        await send(`${path}/refresh`, withIfMatch(request(admin, "POST"), etag)),
        412,
        PRECONDITION_FAILED,
      );
      expectAnswer(await send(path, withIfMatch(request(admin, "DELETE"), etag)), 412, PRECONDITION_FAILED);
      expectPass(await send(`${url}/api/posts`, { headers: { "api-key": winner.key } }), { userId: "alice" });
      const revoked = await send(path, withIfMatch(request(admin, "DELETE"), winner.record.etag));
      expect(revoked.status).toBe(204);
      expectAnswer(
        await send(`${url}/api/posts`, { headers: { "api-key": winner.key } }),
        401,
        BODIES.failed,
      );
    });

    it("* matches any existing key, a weak tag never matches, an unknown key stays 404", async () => {
      const { url, world } = await open();
      const admin = world.keys.admin;
      const path = `${url}/api/keyward/keys/${world.keys.aliceId}`;
      const { etag } = JSON.parse((await send(path, request(admin, "GET"))).body) as { etag: string };
      expectAnswer(
        await send(`${path}/refresh`, withIfMatch(request(admin, "POST"), `W/${etag}`)),
        412,
        PRECONDITION_FAILED,
      );
      expectAnswer(
        await send(`${path}/refresh`, withIfMatch(request(admin, "POST"), "nope")),
        412,
        PRECONDITION_FAILED,
      );
      expect((await send(`${path}/refresh`, withIfMatch(request(admin, "POST"), "*"))).status).toBe(200);
      const missing = await send(`${url}/api/keyward/keys/nope`, withIfMatch(request(admin, "DELETE"), "*"));
      expect(missing.status).toBe(404);
    });

    it(`${RACERS} refreshes racing with one If-Match: one 200, the rest 412 or 409, only the winner's key works`, async () => {
      const { url, world } = await open();
      const admin = world.keys.admin;
      const path = `${url}/api/keyward/keys/${world.keys.aliceId}`;
      const { etag } = JSON.parse((await send(path, request(admin, "GET"))).body) as { etag: string };
      const replies = await Promise.all(
        Array.from({ length: RACERS }, () =>
          send(`${path}/refresh`, withIfMatch(request(admin, "POST"), etag)),
        ),
      );
      const won = replies.filter((reply) => reply.status === 200);
      expect(won).toHaveLength(1);
      for (const reply of replies) expect([200, 409, 412]).toContain(reply.status);
      expect(replies.filter((reply) => reply.status === 412).length).toBeGreaterThan(0);
      const winner = JSON.parse(won[0]!.body) as Issued;
      expectPass(await send(`${url}/api/posts`, { headers: { "api-key": winner.key } }), { userId: "alice" });
      expectAnswer(
        await send(`${url}/api/posts`, { headers: { "api-key": world.keys.alice } }),
        401,
        BODIES.failed,
      );
      expect(JSON.parse((await send(path, request(admin, "GET"))).body).etag).toBe(winner.record.etag);
    });
  });
}
