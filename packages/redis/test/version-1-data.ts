import type { KeywardStore } from "@keyward/core";
import { recordPairs } from "../src/records";
import type { TestClient } from "./drivers";

/**
 * Writes everything `source` holds (keys, roles, users, the public role) the way the first release
 * of this store (data layout version 1) wrote it: names without a hash tag, e.g.
 * `<prefix>key:<hash>`, and the same fields, indexes, counter and version key. What a deployment of
 * that release has on its server before it upgrades.
 * @param client - a client of one node
 * @param prefix - the store prefix, as the user gives it
 * @param source - a store holding the data (e.g. a memory store a keyward instance filled)
 */
export async function writeVersion1(client: TestClient, prefix: string, source: KeywardStore): Promise<void> {
  const keys = await source.listKeys({});
  // Version 1 numbered keys with INCR as it inserted them: the same numbers, sent many at a time.
  const writes: (readonly string[])[] = [];
  for (const [i, key] of keys.entries()) {
    const seq = String(i + 1);
    writes.push(
      ["HSET", `${prefix}key:${key.hash}`, "seq", seq, ...recordPairs(key)],
      ["HSET", `${prefix}keys:by-id`, key.id, key.hash],
      ["ZADD", `${prefix}keys:all`, seq, key.id],
    );
    if (key.userId !== null) writes.push(["ZADD", `${prefix}keys:by-user:${key.userId}`, seq, key.id]);
    if (key.role !== null) writes.push(["ZADD", `${prefix}keys:by-role:${key.role}`, seq, key.id]);
  }
  writes.push(["SET", `${prefix}keys:sequence`, String(keys.length)]);
  for (let from = 0; from < writes.length; from += 500) {
    await Promise.all(writes.slice(from, from + 500).map((args) => client.command(args)));
  }
  for (const role of await source.listRoles()) {
    await client.command(["HSET", `${prefix}roles`, role.appid, JSON.stringify(role)]);
  }
  for (const user of await source.listUsers()) {
    await client.command(["HSET", `${prefix}users`, user.id, JSON.stringify(user)]);
  }
  const publicRole = await source.getPublicRole();
  if (publicRole !== null) await client.command(["HSET", `${prefix}settings`, "publicRole", publicRole]);
  await client.command(["SET", `${prefix}schema-version`, "1"]);
}
