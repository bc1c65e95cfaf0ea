import { KeywardError } from "@keyward/core";
import type { RedisConnection } from "./connection";
import type { RedisKeyNames } from "./key-names";
import { runScript, SET_SCHEMA_VERSION } from "./scripts";

/** The data layout version this release writes. */
export const SCHEMA_VERSION = 1;

/** What {@link migrate} found out about the server. */
export interface MigrateReport {
  /** `false` when append-only persistence is off, `null` when the server would not say (managed Redis). */
  readonly appendOnly: boolean | null;
}

async function readAppendOnly(connection: RedisConnection): Promise<boolean | null> {
  let reply: unknown;
  try {
    reply = await connection.send(["CONFIG", "GET", "appendonly"]);
  } catch {
    // Managed services (ElastiCache, Upstash, …) refuse CONFIG: not knowing is not a failure.
    return null;
  }
  // RESP2 answers ["appendonly", "no"]; RESP3 a map, which node-redis gives as an object or a Map,
  // and ioredis as that same flat array (its default reply mapping) or an object.
  let value: unknown;
  if (Array.isArray(reply)) value = reply[1];
  else if (reply instanceof Map) value = reply.get("appendonly");
  else if (typeof reply === "object" && reply !== null) value = (reply as Record<string, unknown>).appendonly;
  if (value === undefined || value === null) return null;
  return String(value) === "yes";
}

/**
 * Records the schema version (raising it, never lowering it) and reports whether the server persists
 * every write. Atomic and idempotent, so concurrent runs from several processes are safe.
 * @param connection - the Redis connection
 * @param names - the key names
 */
export async function migrate(connection: RedisConnection, names: RedisKeyNames): Promise<MigrateReport> {
  const found = Number(
    await runScript(connection, SET_SCHEMA_VERSION, [names.schemaVersion], [String(SCHEMA_VERSION)]),
  );
  if (found > SCHEMA_VERSION) {
    throw new KeywardError(
      "CONFLICT",
      `redisStore: the data is at version ${found}, newer than this release supports (${SCHEMA_VERSION})`,
    );
  }
  return { appendOnly: await readAppendOnly(connection) };
}
