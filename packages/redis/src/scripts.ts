import { createHash } from "node:crypto";
import { RECORD_FIELDS } from "./records";
import type { RedisCommandClient } from "./redis-client";

/** A Lua script run with EVALSHA, falling back to EVAL once when the server has not cached it. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

function lua(source: string): LuaScript {
  return { source, sha1: createHash("sha1").update(source).digest("hex") };
}

const FIELDS = RECORD_FIELDS.map((field) => `'${field}'`).join(", ");

/**
 * Inserts a record and its indexes, or returns `'id'` / `'hash'` when either already exists.
 * KEYS: record, by-hash, sequence, then every sorted-set index. ARGV: id, hash, field/value pairs.
 */
export const INSERT_KEY = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 'id' end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 'hash' end
local seq = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], 'seq', seq, unpack(ARGV, 3))
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
for i = 4, #KEYS do redis.call('ZADD', KEYS[i], seq, ARGV[1]) end
return 'ok'
`);

/**
 * Finds a record through the hash index in one round trip. KEYS: by-hash. ARGV: hash, record prefix.
 * The record key is derived inside the script, so this store needs a single Redis node (no Cluster).
 */
export const FIND_BY_HASH = lua(`
local id = redis.call('HGET', KEYS[1], ARGV[1])
if not id then return false end
return redis.call('HMGET', ARGV[2] .. id, ${FIELDS})
`);

/** Reads every record listed in a sorted set, in score order. KEYS: the set. ARGV: record prefix. */
export const LIST_RECORDS = lua(`
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local out = {}
for i, id in ipairs(ids) do out[i] = redis.call('HMGET', ARGV[1] .. id, ${FIELDS}) end
return out
`);

/**
 * Compare-and-swap of a key's secret: 1 swapped, 0 not (missing, revoked or hash changed), -1 the new
 * hash is taken. KEYS: record, by-hash. ARGV: id, expected hash, new hash, new start.
 */
export const SWAP_SECRET = lua(`
local current = redis.call('HMGET', KEYS[1], 'hash', 'revokedAt')
if not current[1] or current[2] or current[1] ~= ARGV[2] then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then return -1 end
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[1], 'hash', ARGV[3], 'start', ARGV[4])
return 1
`);

/** Sets revokedAt unless already set; 1 when the record exists. KEYS: record. ARGV: epoch ms. */
export const REVOKE_KEY = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSETNX', KEYS[1], 'revokedAt', ARGV[1])
return 1
`);

/** Sets lastUsedAt of an existing record (HSET alone would create a stub). KEYS: record. ARGV: epoch ms. */
export const TOUCH_KEY = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1]) end
return 1
`);

/** Raises the schema version, never lowers it; returns the version found. KEYS: version key. ARGV: target. */
export const SET_SCHEMA_VERSION = lua(`
local found = tonumber(redis.call('GET', KEYS[1]) or '0')
if found < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return found
`);

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * Runs a script atomically (Redis runs a script to the end before any other command).
 * @param client - the Redis client
 * @param script - the script
 * @param keys - the keys it touches
 * @param args - its arguments
 */
export async function runScript(
  client: RedisCommandClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await client.sendCommand(["EVALSHA", script.sha1, ...tail]);
  } catch (error) {
    // A restarted or flushed server forgets cached scripts; EVAL caches it again.
    if (!isNoScript(error)) throw error;
    return client.sendCommand(["EVAL", script.source, ...tail]);
  }
}
