import { createKeyward, type Keyward, memoryStore } from "@keyward/core";

/**
 * The keyward instance every benchmark server authenticates against: the memory store with 1,001
 * user keys (so the lookup is not in a one-entry map), one role that holds the route's permission,
 * and the key the load generator sends.
 */
export async function benchKeyward(): Promise<{ keyward: Keyward; key: string }> {
  const keyward = createKeyward({ store: memoryStore() });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  for (let i = 0; i < 1000; i++) await keyward.keys.create({ userId: "alice" });
  const { key } = await keyward.keys.create({ userId: "alice" });
  return { keyward, key };
}
