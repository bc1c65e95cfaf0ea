import { KeywardError, type KeywardStore, type Role, type StoredKey, type User } from "@keyward/core";
import type { KeyFilter } from "@keyward/core/adapter";
import type { RedisConnection } from "./connection";
import { taggedPrefix } from "./hash-tag";
import { redisKeyNames } from "./key-names";
import { MOVED, onRecordOf, readIndexed, readKey } from "./key-reads";
import { migrate } from "./migrate";
import { RECORD_FIELDS, recordPairs, toStoredKey } from "./records";
import { INSERT_KEY, LOOKUP_KEY, REVOKE_KEY, runScript, SWAP_SECRET, TOUCH_KEY } from "./scripts";

/** Options of `redisStore`, the same for every driver. */
export interface RedisStoreOptions {
  /**
   * Starts every Redis key the store writes, so several apps can share a server. Default:
   * `"keyward:"`. Its text becomes the keys' hash tag (`keyward:` → `{keyward}:key:…`), so all of
   * them hash to one Redis Cluster slot; a prefix that already holds a tag (`"{app}:keyward:"`) is
   * used as it is.
   */
  readonly prefix?: string;
  /** Where the append-only warning goes. Default: `console.warn`. */
  readonly warn?: (message: string) => void;
}

const APPEND_ONLY_WARNING =
  "keyward: this Redis server runs without append-only persistence (appendonly no), so revocations " +
  "and refreshes made since the last snapshot are lost if it restarts: a revoked key could work again. " +
  "Set `appendonly yes` (see the @keyward/redis README).";

const PUBLIC_ROLE = "publicRole";

const byString =
  <T>(pick: (item: T) => string) =>
  (a: T, b: T): number =>
    pick(a) < pick(b) ? -1 : pick(a) > pick(b) ? 1 : 0;

function parseJson<T>(value: unknown): T | null {
  return value === null || value === undefined ? null : (JSON.parse(String(value)) as T);
}

function withoutSeq(key: (StoredKey & { seq: number }) | null): StoredKey | null {
  if (key === null) return null;
  const { seq: _seq, ...stored } = key;
  return stored;
}

/**
 * The store over any {@link RedisConnection}; the driver files call it with their client adapted.
 * Records are hashes, lookups go through a hash index, and every change that touches more than one
 * key (insert, refresh) is a Lua script, so it is atomic. Every script declares every key it
 * touches, and all names share one hash tag, so the same code runs on one node and on Redis Cluster.
 * @param connection - sends commands
 * @param options - `prefix`, `warn`
 * @param caller - the factory's name, for error messages
 */
export function createRedisStore(
  connection: RedisConnection,
  options: RedisStoreOptions,
  caller: string,
): KeywardStore {
  const prefix = options.prefix ?? "keyward:";
  if (typeof prefix !== "string" || prefix.length === 0) {
    throw new KeywardError("INVALID_ARGUMENT", `${caller}: prefix must be a non-empty string`);
  }
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const names = redisKeyNames(taggedPrefix(prefix, caller));
  // Where version 1, which did not tag its names, kept the data: migrate() moves it.
  const legacy = redisKeyNames(prefix);
  const send = (args: readonly string[]): Promise<unknown> => connection.send(args);
  let warned = false;

  async function listFrom(index: string): Promise<StoredKey[]> {
    const keys = await readIndexed(connection, names, index);
    // Oldest first; keys created in the same millisecond keep their insertion order.
    keys.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq);
    return keys.map((key) => withoutSeq(key) as StoredKey);
  }

  return {
    async migrate() {
      const report = await migrate(connection, names, legacy);
      if (report.appendOnly === false && !warned) {
        warned = true;
        warn(APPEND_ONLY_WARNING);
      }
    },

    async insertKey(key) {
      const indexes = [names.all];
      if (key.userId !== null) indexes.push(names.byUser(key.userId));
      if (key.role !== null) indexes.push(names.byRole(key.role));
      const outcome = await runScript(
        connection,
        INSERT_KEY,
        [names.record(key.hash), names.byId, names.sequence, ...indexes],
        [key.id, key.hash, ...recordPairs(key)],
      );
      if (outcome === "id") throw new KeywardError("CONFLICT", "A key with this id already exists");
      if (outcome === "hash") throw new KeywardError("CONFLICT", "This key is already stored");
    },
    async findKeyByHash(hash) {
      // One plain command, no script. Core authenticates through lookupKey, which also reads the owner and role.
      return withoutSeq(toStoredKey(await send(["HMGET", names.record(hash), ...RECORD_FIELDS])));
    },
    async lookupKey(hash) {
      // Key, owner and role in one script: authenticating any key is one round trip.
      const reply = await runScript(
        connection,
        LOOKUP_KEY,
        [names.record(hash), names.users, names.roles],
        [],
      );
      if (!Array.isArray(reply)) return null;
      const key = withoutSeq(toStoredKey(reply[0]));
      if (key === null) return null;
      return { key, user: parseJson<User>(reply[1]), role: parseJson<Role>(reply[2]) };
    },
    async getKey(id) {
      return withoutSeq(await readKey(connection, names, id));
    },
    async listKeys(filter: KeyFilter) {
      if (filter.userId !== undefined) {
        const keys = await listFrom(names.byUser(filter.userId));
        return filter.role === undefined ? keys : keys.filter((key) => key.role === filter.role);
      }
      return listFrom(filter.role === undefined ? names.all : names.byRole(filter.role));
    },
    async swapKeySecret(id, expectedHash, next) {
      const outcome = Number(
        await runScript(
          connection,
          SWAP_SECRET,
          [names.record(expectedHash), names.record(next.hash), names.byId],
          [id, expectedHash, next.hash, next.start],
        ),
      );
      if (outcome === -1) throw new KeywardError("CONFLICT", "This key is already stored");
      return outcome === 1;
    },
    async revokeKey(id, at) {
      // The index is read first and the script re-checks the record, so a racing refresh cannot
      // make a revocation land on a record name that no longer exists.
      const done = await onRecordOf(connection, names, id, async (record) =>
        Number(await runScript(connection, REVOKE_KEY, [record], [id, String(at.getTime())])) === 1
          ? true
          : MOVED,
      );
      return done === true;
    },
    async touchKey(id, at) {
      await onRecordOf(connection, names, id, async (record) =>
        Number(await runScript(connection, TOUCH_KEY, [record], [id, String(at.getTime())])) === 1
          ? true
          : MOVED,
      );
    },

    async saveRole(role) {
      const value = JSON.stringify({ appid: role.appid, name: role.name, permissions: role.permissions });
      await send(["HSET", names.roles, role.appid, value]);
    },
    async getRole(appid) {
      return parseJson<Role>(await send(["HGET", names.roles, appid]));
    },
    async listRoles() {
      const values = (await send(["HVALS", names.roles])) as unknown[];
      return values.map((value) => parseJson<Role>(value) as Role).sort(byString((role) => role.appid));
    },
    async deleteRole(appid) {
      return Number(await send(["HDEL", names.roles, appid])) > 0;
    },

    async saveUser(user) {
      await send([
        "HSET",
        names.users,
        user.id,
        JSON.stringify({ id: user.id, role: user.role, active: user.active }),
      ]);
    },
    async getUser(id) {
      return parseJson<User>(await send(["HGET", names.users, id]));
    },
    async listUsers() {
      const values = (await send(["HVALS", names.users])) as unknown[];
      return values.map((value) => parseJson<User>(value) as User).sort(byString((user) => user.id));
    },
    async deleteUser(id) {
      return Number(await send(["HDEL", names.users, id])) > 0;
    },

    async getPublicRole() {
      const value = await send(["HGET", names.settings, PUBLIC_ROLE]);
      return value === null || value === undefined ? null : String(value);
    },
    async setPublicRole(appid) {
      await send(
        appid === null ? ["HDEL", names.settings, PUBLIC_ROLE] : ["HSET", names.settings, PUBLIC_ROLE, appid],
      );
    },
  };
}
