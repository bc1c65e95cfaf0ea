import { describe, expect, it } from "vitest";
import { createKeyward } from "../../../keyward";
import { memoryStore } from "../../../memory-store";
import type { Principal } from "../../../principal";
import { createManagementHandler, type ManagementRequest } from "../handler";
import { managementOpenApiDocument } from "./openapi-document";

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
  const alice = await principalOf((await keyward.keys.create({ userId: "alice" })).key);
  const app = await principalOf((await keyward.keys.create({ role: "editor" })).key);
  const scoped = await principalOf(
    (await keyward.keys.create({ userId: "alice", permissions: ["posts/read"] })).key,
  );
  await keyward.settings.setPublicRole("public");
  const anonymous = await principalOf(null);
  const management = createManagementHandler(keyward);
  const call = (request: Partial<ManagementRequest> & { principal: Principal | undefined }) =>
    management.handle({ method: "GET", path: "/openapi.json", ...request });
  return { call, admin, alice, app, scoped, anonymous, store };
}

describe("GET /openapi.json", () => {
  it("serves the document as JSON, the same bytes to every key", async () => {
    const { call, admin, alice, app, scoped } = await setup();
    const answers = await Promise.all([admin, alice, app, scoped].map((principal) => call({ principal })));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(answer.headers["cache-control"]).toBe("no-store");
      expect(answer.body).toBe(answers[0]?.body);
    }
    expect(JSON.parse(answers[0]?.body ?? "")).toEqual(managementOpenApiDocument());
  });

  it("needs no permission, but a key: no principal and the public role get 401", async () => {
    const { call, anonymous } = await setup();
    expect(anonymous.kind).toBe("public");
    for (const principal of [undefined, anonymous]) {
      const answer = await call({ principal });
      expect(answer.status).toBe(401);
      expect(answer.body).toBe('{"error":"Authentication required"}');
    }
  });

  it("changes nothing for the other routes: a key without permissions is still refused there", async () => {
    const { call, alice } = await setup();
    expect((await call({ principal: alice, path: "/keys" })).status).toBe(403);
    expect((await call({ principal: alice, path: "/roles" })).status).toBe(403);
  });

  it("answers only GET (405 with Allow), 412 to If-Match but `*`, and reads no store", async () => {
    const { call, admin, store } = await setup();
    const post = await call({ principal: admin, method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET");
    expect((await call({ principal: admin, ifMatch: '"abc"' })).status).toBe(412);
    expect((await call({ principal: admin, ifMatch: "*" })).status).toBe(200);
    const methods = store as unknown as Record<string, unknown>;
    for (const name of Object.keys(methods)) {
      if (typeof methods[name] === "function") {
        methods[name] = () => {
          throw new Error("store down");
        };
      }
    }
    expect((await call({ principal: admin })).status).toBe(200);
  });
});
