import { KeywardError } from "@keyward/core";
import type { RedisConnection } from "./connection";
import type { RedisKeyNames } from "./key-names";
import { moveLegacyLayout } from "./legacy-layout";
import { runScript, SET_SCHEMA_VERSION } from "./scripts";

/**
 * The data layout version this release writes. 2: every name carries one hash tag (`{keyward}:…`);
 * 1 (the first release) had none.
 */
export const SCHEMA_VERSION = 2;

/** What `store.migrate()` found out about the server. */
export interface MigrateReport {
  /**
   * `false` when append-only persistence is off (on any node of a cluster), `null` when the server
   * would not say (managed Redis).
   */
  readonly appendOnly: boolean | null;
}

function appendOnlyOf(reply: unknown): boolean | null {
  // RESP2 answers ["appendonly", "no"]; RESP3 a map, which node-redis gives as an object or a Map,
  // and ioredis as that same flat array (its default reply mapping) or an object.
  let value: unknown;
  if (Array.isArray(reply)) value = reply[1];
  else if (reply instanceof Map) value = reply.get("appendonly");
  else if (typeof reply === "object" && reply !== null) value = (reply as Record<string, unknown>).appendonly;
  if (value === undefined || value === null) return null;
  return String(value) === "yes";
}

async function readAppendOnly(connection: RedisConnection): Promise<boolean | null> {
  const command = ["CONFIG", "GET", "appendonly"];
  // Managed services (ElastiCache, Upstash, …) refuse CONFIG: not knowing is not a failure.
  const replies =
    connection.sendToEveryNode === undefined
      ? [await connection.send(command).then(appendOnlyOf, () => null)]
      : (await connection.sendToEveryNode(command)).map((settled) =>
          settled.status === "fulfilled" ? appendOnlyOf(settled.value) : null,
        );
  // On a cluster any node may come to serve the store's slot (a replica after a failover).
  if (replies.includes(false)) return false;
  return replies.length > 0 && replies.every((value) => value === true) ? true : null;
}

const tooNew = (found: number) =>
  new KeywardError(
    "CONFLICT",
    `redisStore: the data is at version ${found}, newer than this release supports (${SCHEMA_VERSION})`,
  );

/**
 * Brings the data to this release's layout and records its version (raising it, never lowering it),
 * then reports whether the server persists every write. Data of version 1 (names without a hash tag)
 * is moved to the tagged names first. Idempotent, and safe to run from several processes at once.
 * @param connection - the Redis connection
 * @param names - the store's key names
 * @param legacy - the names version 1 used for the same prefix
 */
export async function migrate(
  connection: RedisConnection,
  names: RedisKeyNames,
  legacy: RedisKeyNames,
): Promise<MigrateReport> {
  const current = Number((await connection.send(["GET", names.schemaVersion])) ?? 0);
  if (current > SCHEMA_VERSION) throw tooNew(current);
  if (legacy.prefix !== names.prefix) await moveLegacyLayout(connection, legacy, names);
  const found = Number(
    await runScript(connection, SET_SCHEMA_VERSION, [names.schemaVersion], [String(SCHEMA_VERSION)]),
  );
  if (found > SCHEMA_VERSION) throw tooNew(found);
  return { appendOnly: await readAppendOnly(connection) };
}
