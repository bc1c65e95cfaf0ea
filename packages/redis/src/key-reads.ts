import { KeywardError, type StoredKey } from "@keyward/core";
import type { RedisConnection } from "./connection";
import type { RedisKeyNames } from "./key-names";
import { RECORD_FIELDS, toStoredKey } from "./records";
import { LIST_INDEX, READ_RECORDS, runScript } from "./scripts";

/** A record as read back, with its insertion order. */
export type SequencedKey = StoredKey & { readonly seq: number };

/** What an action on a record returns when the record no longer holds the id: look it up again. */
export const MOVED: unique symbol = Symbol("moved");

/**
 * How often an id is looked up again after its record moved in between. Each retry means another
 * refresh of the same key won meanwhile, so this is never reached in practice.
 */
const ATTEMPTS = 16;

/** How many record names one READ_RECORDS call declares. */
const CHUNK = 500;

/**
 * Finds the record of a key id through the id index, then runs `act` on it. Scripts never derive a
 * record's name from what they read (on Redis Cluster every key a script touches must be declared),
 * so the index is read first and `act` checks, inside its own command, that the record still holds
 * this id; when a refresh renamed it in between, `act` returns {@link MOVED} and the index is read
 * again. A record named by a hash and holding an id is always that id's current record: insert and
 * refresh write the record and the index in one script.
 * @param connection - the Redis connection
 * @param names - the store's key names
 * @param id - the key id
 * @param act - what to do with the record's name; {@link MOVED} to retry
 * @returns what `act` returned, or `null` when the id is unknown
 */
export async function onRecordOf<T>(
  connection: RedisConnection,
  names: RedisKeyNames,
  id: string,
  act: (record: string) => Promise<T | typeof MOVED>,
): Promise<T | null> {
  for (let attempt = 1; ; attempt++) {
    const hash = await connection.send(["HGET", names.byId, id]);
    if (hash === null || hash === undefined) return null;
    const outcome = await act(names.record(String(hash)));
    if (outcome !== MOVED) return outcome;
    if (attempt === ATTEMPTS) {
      throw new KeywardError(
        "CONFLICT",
        "This key was refreshed again and again while being read; try again",
      );
    }
  }
}

/**
 * The current record of a key id (two round trips: the index, then the record).
 * @param connection - the Redis connection
 * @param names - the store's key names
 * @param id - the key id
 */
export function readKey(
  connection: RedisConnection,
  names: RedisKeyNames,
  id: string,
): Promise<SequencedKey | null> {
  return onRecordOf(connection, names, id, async (record) => {
    const key = toStoredKey(await connection.send(["HMGET", record, ...RECORD_FIELDS]));
    return key !== null && key.id === id ? key : MOVED;
  });
}

/**
 * Every record listed in a sorted-set index, unsorted: the ids and their hashes in one script, then
 * the records in another (by name, declared). A record refreshed in between is read again by id.
 * @param connection - the Redis connection
 * @param names - the store's key names
 * @param index - the sorted set (`all`, a user's or a role's)
 */
export async function readIndexed(
  connection: RedisConnection,
  names: RedisKeyNames,
  index: string,
): Promise<SequencedKey[]> {
  const flat = await runScript(connection, LIST_INDEX, [index, names.byId], []);
  const entries: { id: string; hash: string | null }[] = [];
  const list = Array.isArray(flat) ? flat : [];
  for (let i = 0; i < list.length; i += 2) {
    const hash = list[i + 1];
    entries.push({
      id: String(list[i]),
      hash: hash === null || hash === undefined || hash === false ? null : String(hash),
    });
  }
  const named = entries.filter((entry) => entry.hash !== null);
  const rows: unknown[] = [];
  for (let from = 0; from < named.length; from += CHUNK) {
    const chunk = named.slice(from, from + CHUNK).map((entry) => names.record(entry.hash as string));
    const reply = await runScript(connection, READ_RECORDS, chunk, []);
    rows.push(...(Array.isArray(reply) ? reply : []));
  }
  const keys: SequencedKey[] = [];
  for (const [i, entry] of named.entries()) {
    const key = toStoredKey(rows[i]);
    if (key !== null && key.id === entry.id) keys.push(key);
    else {
      const moved = await readKey(connection, names, entry.id);
      if (moved !== null) keys.push(moved);
    }
  }
  return keys;
}
