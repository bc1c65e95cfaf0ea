import { describe, expect, it } from "vitest";
import { send } from "./client";
import { BODIES, CHALLENGE, expectAnswer, type Opened } from "./harness";
import { managementDocumentText } from "./management-contract";
import type { ManagementRequestInit } from "./version-cases";

/**
 * Registers `GET /openapi.json` (the management API's OpenAPI document, served by every adapter as
 * core builds it) and a walk through answers the other cases do not give, so that the contract
 * check sees each kind of answer at least once.
 * @param open - starts a world and its server for the running test
 * @param request - builds a management request
 */
export function describeOpenApiCases(open: () => Promise<Opened>, request: ManagementRequestInit): void {
  describe("OpenAPI document", () => {
    it("GET /openapi.json: core's document, byte for byte, to any key; 401 without one", async () => {
      const { url, world } = await open();
      const expected = await managementDocumentText();
      for (const key of [world.keys.alice, world.keys.app, world.keys.admin]) {
        const reply = await send(`${url}/api/keyward/openapi.json`, request(key, "GET"));
        expectAnswer(reply, 200, expected);
      }
      expect(JSON.parse(expected).openapi).toMatch(/^3\.1\./);
      const anonymous = await send(`${url}/api/keyward/openapi.json`);
      expectAnswer(anonymous, 401, BODIES.required);
      expect(anonymous.headers.get("www-authenticate")).toBe(CHALLENGE);
      await world.keyward.settings.setPublicRole("public");
      expectAnswer(await send(`${url}/api/keyward/openapi.json`), 401, BODIES.required);
    });

    it("answers of every kind, each as documented", async () => {
      const { url, world } = await open();
      const admin = world.keys.admin;
      const at = (path: string) => `${url}/api/keyward${path}`;
      const status = async (path: string, init: RequestInit) => (await send(at(path), init)).status;
      const withIfMatch = (init: RequestInit, value: string): RequestInit => ({
        ...init,
        headers: { ...(init.headers as Record<string, string>), "if-match": value },
      });
      expect(await status("/users", request(admin, "GET"))).toBe(200);
      expect(await status("/users/alice", request(admin, "GET"))).toBe(200);
      expect(await status("/users/nobody", request(admin, "GET"))).toBe(404);
      expect(await status("/users/a%20b", request(admin, "GET"))).toBe(400);
      expect(await status("/users/carol", request(admin, "PUT", { role: "reader" }))).toBe(200);
      expect(await status("/users/carol", request(admin, "DELETE"))).toBe(204);
      expect(await status("/users/carol", request(admin, "DELETE"))).toBe(404);
      expect(await status("/users/dave", request(admin, "PUT", { role: "ghost" }))).toBe(400);
      expect(await status("/roles/editor", request(admin, "GET"))).toBe(200);
      expect(await status("/roles/ghost", request(admin, "GET"))).toBe(404);
      expect(await status("/roles/ghost", request(admin, "DELETE"))).toBe(404);
      expect(await status("/roles", withIfMatch(request(admin, "GET"), '"0123456789abcdef"'))).toBe(412);
      expect(await status("/keys?userId=alice&userId=root", request(admin, "GET"))).toBe(400);
      expect(await status("/keys?role=reader", request(admin, "GET"))).toBe(200);
      expect(await status("/keys", request(admin, "POST", { role: "ghost" }))).toBe(404);
      expect(await status("/keys", request(admin, "POST", { role: "reader", name: "ci" }))).toBe(201);
      expect(await status("/settings/public-role", request(admin, "GET"))).toBe(200);
      expect(await status("/settings/public-role", request(admin, "PUT", { role: "ghost" }))).toBe(404);
      expect(await status("/settings/public-role", request(admin, "PUT", { role: "public" }))).toBe(200);
      expect(await status("/roles/public", request(admin, "DELETE"))).toBe(409);
      expect(await status("/settings/public-role", request(admin, "PUT", { role: null }))).toBe(200);
      expect(await status("/roles/public", request(admin, "DELETE"))).toBe(204);
      expect(await status("/me/keys/refresh", request(world.keys.scoped, "POST"))).toBe(403);
      expect(await status("/keys/x/refresh/now", request(admin, "POST"))).toBe(404);
      expect(await status("/openapi.json", request(admin, "DELETE"))).toBe(405);
      expect(await status("/roles", request(world.keys.malformed, "GET"))).toBe(401);
    });
  });
}
