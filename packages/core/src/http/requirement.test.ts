import { describe, expect, it } from "vitest";
import { createKeyward } from "../keyward";
import { memoryStore } from "../memory-store";
import type { Principal } from "../principal";
import { checkRequirement, validateRequirement } from "./requirement";

async function principals(): Promise<{ user: Principal; pub: Principal }> {
  const keyward = createKeyward({ store: memoryStore() });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["posts/read", "posts/update"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  const { key } = await keyward.keys.create({ userId: "alice" });
  const user = await keyward.authenticate(key);
  await keyward.settings.setPublicRole("public");
  const pub = await keyward.authenticate(null);
  if (!user.ok || !pub.ok) throw new Error("setup failed");
  return { user: user.principal, pub: pub.principal };
}

describe("validateRequirement", () => {
  it.each([["posts/read"], [{ all: ["a", "b"] }], [{ any: ["a"] }]])("accepts %j", (requirement) => {
    expect(validateRequirement(requirement)).toEqual(requirement);
  });

  it.each([
    [""],
    ["has space"],
    [{ all: [] }],
    [{ any: [] }],
    [{ all: ["a"], any: ["b"] }],
    [{ none: ["a"] }],
    [42],
    [null],
    [["a"]],
    [{ all: [""] }],
  ])("rejects %j with a clear message", (requirement) => {
    expect(() => validateRequirement(requirement, "requirePermission")).toThrow(/requirePermission: /);
  });
});

describe("checkRequirement", () => {
  it("passes, denies with 403 or asks for a key with 401", async () => {
    const { user, pub } = await principals();
    expect(checkRequirement(user, "posts/read")).toBeNull();
    expect(checkRequirement(user, { all: ["posts/read", "posts/update"] })).toBeNull();
    expect(checkRequirement(user, { any: ["posts/delete", "posts/update"] })).toBeNull();
    expect(checkRequirement(user, { all: ["posts/read", "posts/delete"] })?.status).toBe(403);
    expect(checkRequirement(user, "posts/delete")?.body).toBe('{"error":"Permission denied"}');
    expect(checkRequirement(pub, "posts/read")).toBeNull();
    const publicLacks = checkRequirement(pub, "posts/update");
    expect(publicLacks?.status).toBe(401);
    expect(publicLacks?.headers["www-authenticate"]).toBe('Bearer realm="keyward"');
    expect(checkRequirement(undefined, "posts/read")?.body).toBe('{"error":"Authentication required"}');
  });
});
