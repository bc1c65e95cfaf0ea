import { KeywardError } from "@keyward/core";
import type { RedisConnection } from "./connection";
import type { RedisKeyNames } from "./key-names";
import { lua, runScript } from "./scripts";

/**
 * Moves a hash to its new name, or merges it into a hash already there (its fields win: they were
 * written by this release). KEYS: old name, new name. Returns 1 when something moved.
 */
const MOVE_HASH = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  return 1
end
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do redis.call('HSETNX', KEYS[2], fields[i], fields[i + 1]) end
redis.call('DEL', KEYS[1])
return 1
`);

/** Moves the insertion counter, keeping the larger value. KEYS: old name, new name. */
const MOVE_COUNTER = lua(`
local old = tonumber(redis.call('GET', KEYS[1]) or '0')
local new = tonumber(redis.call('GET', KEYS[2]) or '0')
if old > new then redis.call('SET', KEYS[2], old) end
redis.call('DEL', KEYS[1])
return 1
`);

/**
 * Moves key records with their index entries, each record in one step: its hash, its id in the id
 * index, its place in every sorted set. A record is moved only while the old id index still points
 * at it; one that already exists under the new name, or whose id does, stops the batch with -1.
 * KEYS: old by-id, new by-id, old all, new all, then per record its old and new name followed by
 * old/new pairs of its owner sets. ARGV: per record id, hash, number of owner-set pairs.
 * Returns how many records moved, or -1.
 */
const MOVE_RECORDS = lua(`
local function move(from, to, id, live)
  local score = redis.call('ZSCORE', from, id)
  if score then
    if live then redis.call('ZADD', to, score, id) end
    redis.call('ZREM', from, id)
  end
end
local k = 5
local moved = 0
for a = 1, #ARGV, 3 do
  local id, hash, sets = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  if redis.call('HGET', KEYS[1], id) == hash then
    if redis.call('EXISTS', KEYS[k + 1]) == 1 or redis.call('HEXISTS', KEYS[2], id) == 1 then return -1 end
    local live = redis.call('EXISTS', KEYS[k]) == 1
    if live then
      redis.call('RENAME', KEYS[k], KEYS[k + 1])
      redis.call('HSET', KEYS[2], id, hash)
    end
    redis.call('HDEL', KEYS[1], id)
    move(KEYS[3], KEYS[4], id, live)
    for j = 0, sets - 1 do move(KEYS[k + 2 + 2 * j], KEYS[k + 3 + 2 * j], id, live) end
    moved = moved + 1
  end
  k = k + 2 + 2 * sets
end
return moved
`);

/** How many id-index entries one HSCAN page asks for, and so one MOVE_RECORDS call moves. */
const PAGE = 200;

const present = (value: unknown): value is string | number =>
  value !== null && value !== undefined && value !== false;

/**
 * Moves the data of version 1, whose names carried no hash tag (`keyward:key:<hash>`), to this
 * release's names (`{keyward}:key:<hash>`). Atomic per record and per hash, idempotent and
 * resumable: a run cut short is finished by the next. Version 1 ran on one node only, and its names
 * hash to many slots, so this runs on one node; on Redis Cluster, finding such data is an error.
 * Instances of version 1 must be stopped first: what they write afterwards lands under the old names.
 * @param connection - the Redis connection
 * @param from - the version-1 names (the prefix as the user gave it)
 * @param to - this release's names
 * @returns how many key records moved
 */
export async function moveLegacyLayout(
  connection: RedisConnection,
  from: RedisKeyNames,
  to: RedisKeyNames,
): Promise<number> {
  const singletons = [from.schemaVersion, from.byId, from.sequence, from.roles, from.users, from.settings];
  const cluster = connection.sendToEveryNode !== undefined;
  // One EXISTS per name: on a cluster they hash to other slots, whose masters may be down while the
  // store's own slot is served; not knowing there must not stop the store from starting.
  const found = await Promise.all(
    singletons.map((name) => {
      const exists = connection.send(["EXISTS", name]);
      return cluster ? exists.catch(() => 0) : exists;
    }),
  );
  if (!found.some((count) => Number(count) > 0)) return 0;
  if (cluster) {
    throw new KeywardError(
      "CONFLICT",
      `redisStore: found data of version 1 under "${from.prefix}" on Redis Cluster; run migrate() against ` +
        "the single node it was written on, then copy the data to the cluster",
    );
  }
  for (const [old, next] of [
    [from.roles, to.roles],
    [from.users, to.users],
    [from.settings, to.settings],
  ] as const) {
    await runScript(connection, MOVE_HASH, [old, next], []);
  }
  await runScript(connection, MOVE_COUNTER, [from.sequence, to.sequence], []);
  let moved = 0;
  // One pass moves everything; the loop only matters if a concurrent migrate() raced this one.
  while (Number(await connection.send(["HLEN", from.byId])) > 0) {
    let cursor = "0";
    do {
      const [next, flat] = (await connection.send(["HSCAN", from.byId, cursor, "COUNT", String(PAGE)])) as [
        unknown,
        unknown[],
      ];
      cursor = String(next);
      moved += await movePage(connection, from, to, flat);
    } while (cursor !== "0");
  }
  await connection.send(["DEL", from.schemaVersion]);
  return moved;
}

async function movePage(
  connection: RedisConnection,
  from: RedisKeyNames,
  to: RedisKeyNames,
  flat: readonly unknown[],
): Promise<number> {
  if (flat.length === 0) return 0;
  const keys = [from.byId, to.byId, from.all, to.all];
  const args: string[] = [];
  const pairs: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([String(flat[i]), String(flat[i + 1])]);
  // A record's owner never changes, so its sets can be named before the script runs.
  const owners = await Promise.all(
    pairs.map(
      ([, hash]) => connection.send(["HMGET", from.record(hash), "userId", "role"]) as Promise<unknown[]>,
    ),
  );
  for (const [i, [id, hash]] of pairs.entries()) {
    const [userId, role] = owners[i] ?? [];
    const sets: string[] = [];
    if (present(userId)) sets.push(from.byUser(String(userId)), to.byUser(String(userId)));
    if (present(role)) sets.push(from.byRole(String(role)), to.byRole(String(role)));
    keys.push(from.record(hash), to.record(hash), ...sets);
    args.push(id, hash, String(sets.length / 2));
  }
  const outcome = Number(await runScript(connection, MOVE_RECORDS, keys, args));
  if (outcome < 0) {
    throw new KeywardError(
      "CONFLICT",
      "redisStore: a key of version 1 is also stored under this release's names; migrate() leaves it where it is",
    );
  }
  return outcome;
}
