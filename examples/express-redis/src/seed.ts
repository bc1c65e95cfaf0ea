import type { Keyward } from "@keyward/core";

/** The part of a node-redis client the seed needs. */
export interface SeedLockClient {
  set(key: string, value: string, options: { NX: true }): Promise<string | null>;
}

/**
 * Seeds roles, the public role and the user `admin` exactly once per Redis prefix, however many
 * instances start at the same time: a `SET NX` marker picks one winner, which returns the admin key
 * to print. Every other start returns `null`.
 * @param keyward - the instance
 * @param redis - the client, for the marker
 * @param marker - the marker's Redis key
 */
export async function seedOnce(
  keyward: Keyward,
  redis: SeedLockClient,
  marker: string,
): Promise<string | null> {
  if ((await redis.set(marker, new Date().toISOString(), { NX: true })) === null) return null;
  await keyward.roles.save({ appid: "admin", name: "Administrator", permissions: ["**"] });
  await keyward.roles.save({ appid: "reader", name: "Reader", permissions: ["content/*/read"] });
  await keyward.roles.save({ appid: "public", name: "Public API", permissions: ["content/posts/read"] });
  await keyward.settings.setPublicRole("public");
  await keyward.users.save({ id: "admin", role: "admin", active: true });
  return (await keyward.keys.create({ userId: "admin", name: "first start" })).key;
}
