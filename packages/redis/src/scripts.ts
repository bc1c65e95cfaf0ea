import { createHash } from "node:crypto";
import type { RedisConnection } from "./connection";
import { RECORD_FIELDS } from "./records";

/** A Lua script run with EVALSHA, falling back to EVAL once when the server has not cached it. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

/**
 * A script from its source. Every script of this package declares every key it touches in KEYS, and
 * the store's names share one hash tag, so each runs on whichever Redis Cluster node serves that slot.
 * @param source - the Lua source
 */
export function lua(source: string): LuaScript {
  return { source, sha1: createHash("sha1").update(source).digest("hex") };
}

const FIELDS = RECORD_FIELDS.map((field) => `'${field}'`).join(", ");

/**
 * Inserts a record and its indexes, or returns `'id'` / `'hash'` when either already exists.
 * KEYS: record, by-id, sequence, then every sorted-set index. ARGV: id, hash, field/value pairs.
 */
export const INSERT_KEY = lua(`
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'id' end
if redis.call('EXISTS', KEYS[1]) == 1 then return 'hash' end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'seq', seq, unpack(ARGV, 3))
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
for i = 4, #KEYS do redis.call('ZADD', KEYS[i], seq, ARGV[1]) end
return 'ok'
`);

/**
 * Authentication's one round trip: the record with a hash, its owner (user keys) and the role it acts
 * with (the owner's role for a user key, its own for an app key), as `{record, user JSON, role JSON}`,
 * `false` (nil) where absent. Three hash reads by exact name, no scan: O(1) whatever the key count.
 * KEYS: record, users, roles.
 */
export const LOOKUP_KEY = lua(`
local record = redis.call('HMGET', KEYS[1], ${FIELDS})
if not record[1] then return false end
local user = false
local roleId = false
if record[2] == 'user' then
  if record[5] then user = redis.call('HGET', KEYS[2], record[5]) end
  if user then
    local owner = cjson.decode(user)
    if type(owner.role) == 'string' then roleId = owner.role end
  end
else
  roleId = record[6]
end
local role = false
if roleId then role = redis.call('HGET', KEYS[3], roleId) end
return {record, user, role}
`);

/**
 * The ids in a sorted set, in score order, each followed by its hash from the id index (`false` when
 * absent): `{id, hash, id, hash, …}`. KEYS: the set, by-id.
 */
export const LIST_INDEX = lua(`
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for i, id in ipairs(ids) do
  out[2 * i - 1] = id
  out[2 * i] = redis.call('HGET', KEYS[2], id)
end
return out
`);

/** Reads records by name, one HMGET reply (or nil) each, in the order given. KEYS: the records. */
export const READ_RECORDS = lua(`
local out = {}
for i, name in ipairs(KEYS) do
  local record = redis.call('HMGET', name, ${FIELDS})
  out[i] = record[1] and record or false
end
return out
`);

/**
 * Compare-and-swap of a key's secret: 1 swapped, 0 not (missing, revoked or hash changed), -1 the new
 * hash is taken. The record moves to its new name in the same step, so the old hash stops finding it
 * exactly when the new one starts. KEYS: record under the expected hash, record under the new hash,
 * by-id. ARGV: id, expected hash, new hash, new start.
 */
export const SWAP_SECRET = lua(`
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
if redis.call('HEXISTS', KEYS[1], 'revokedAt') == 1 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], 'hash', ARGV[3], 'start', ARGV[4])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
return 1
`);

/**
 * Sets revokedAt unless already set, on the record the caller found through the id index: 1 done, 0
 * when that record no longer holds this id (a refresh moved it meanwhile: read the index again).
 * KEYS: the record. ARGV: id, epoch ms.
 */
export const REVOKE_KEY = lua(`
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
redis.call('HSETNX', KEYS[1], 'revokedAt', ARGV[2])
return 1
`);

/**
 * Sets lastUsedAt on the record the caller found through the id index: 1 done, 0 when that record
 * no longer holds this id. KEYS: the record. ARGV: id, epoch ms.
 */
export const TOUCH_KEY = lua(`
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[2])
return 1
`);

/** Raises the schema version, never lowers it; returns the version found. KEYS: version key. ARGV: target. */
export const SET_SCHEMA_VERSION = lua(`
local found = tonumber(redis.call('GET', KEYS[1]) or '0')
if found < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return found
`);

// node-redis rejects with `ErrorReply`, ioredis 5 with `ReplyError` and ioredis 6 with `SimpleError`:
// the message, which starts with the server's error code, is what they have in common.
function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * Runs a script atomically (Redis runs a script to the end before any other command).
 * @param connection - the Redis connection
 * @param script - the script
 * @param keys - the keys it touches
 * @param args - its arguments
 */
export async function runScript(
  connection: RedisConnection,
  script: LuaScript,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const command = ["EVALSHA", script.sha1, String(keys.length), ...keys, ...args];
  try {
    return await connection.send(command);
  } catch (error) {
    // A restarted or flushed server forgets cached scripts; EVAL caches it again.
    if (!isNoScript(error)) throw error;
    return connection.send(["EVAL", script.source, ...command.slice(2)]);
  }
}
