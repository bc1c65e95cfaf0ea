import { describe, expect, it } from "vitest";
import { createKeyward } from "../../keyward";
import { memoryStore } from "../../memory-store";
import type { Principal } from "../../principal";
import { createManagementHandler } from "./handler";

async function setup(publicInherits = false) {
  const keyward = createKeyward({ store: memoryStore(), publicInherits });
  await keyward.roles.save({
    appid: "keeper",
    name: "Keeper",
    permissions: ["keyward/keys/manage", "posts/read"],
  });
  // A public role can never grant management; what it grants must not count as authority either.
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["posts/read"] });
  await keyward.settings.setPublicRole("public");
  await keyward.users.save({ id: "root", role: "admin", active: true });
  await keyward.users.save({ id: "kim", role: "keeper", active: true });
  const principalOf = async (key: string | null): Promise<Principal> => {
    const result = await keyward.authenticate(key);
    if (!result.ok) throw new Error("no principal");
    return result.principal;
  };
  const management = createManagementHandler(keyward);
  const me = async (principal: Principal) => {
    const answer = await management.handle({ method: "GET", path: "/me", principal });
    return { status: answer.status, body: JSON.parse(answer.body ?? "null") as Record<string, unknown> };
  };
  return { keyward, principalOf, me };
}

describe("GET /me", () => {
  it("says who the key is and which management permissions its own role and scope grant", async () => {
    const { keyward, principalOf, me } = await setup(true);
    const kim = await keyward.keys.create({ userId: "kim" });
    expect(await me(await principalOf(kim.key))).toEqual({
      status: 200,
      body: {
        kind: "user",
        userId: "kim",
        keyId: kim.record.id,
        role: "keeper",
        scoped: false,
        manages: {
          "keyward/keys/manage": true,
          "keyward/roles/manage": false,
          "keyward/users/manage": false,
          "keyward/settings/manage": false,
        },
      },
    });
    const root = await principalOf((await keyward.keys.create({ userId: "root" })).key);
    expect((await me(root)).body.manages).toEqual({
      "keyward/keys/manage": true,
      "keyward/roles/manage": true,
      "keyward/users/manage": true,
      "keyward/settings/manage": true,
    });
  });

  it("reports a scoped key as scoped, managing only what its scope keeps", async () => {
    const { keyward, principalOf, me } = await setup();
    const scoped = await keyward.keys.create({ userId: "root", permissions: ["posts/read"] });
    const { body } = await me(await principalOf(scoped.key));
    expect(body).toMatchObject({ scoped: true, role: "admin" });
    expect(Object.values(body.manages as object)).toEqual([false, false, false, false]);
  });

  it("answers the public role 401, like every management route", async () => {
    const { principalOf, me } = await setup();
    expect((await me(await principalOf(null))).status).toBe(401);
  });
});
