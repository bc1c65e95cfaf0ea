import { type Awaitable, KeywardError, type KeywardStore } from "@keyward/core";
import type { KeyStore } from "@keyward/core/adapter";
import { andThen, isThenable } from "./awaitable";
import type { QueryClient, SqlRow } from "./client";
import { keyLookupFromRow, selectKeyLookup } from "./lookup";
import {
  KEY_COLUMNS,
  keyFromRow,
  keyParams,
  ROLE_COLUMNS,
  roleFromRow,
  USER_COLUMNS,
  userFromRow,
} from "./rows";
import type { TableNames } from "./schema";

/**
 * Every store method that is one statement: all of them but `migrate()`, `close()` and `touchKey`,
 * whose handling depends on the kind of client (locks and transactions differ).
 */
export type StoreQueries = Omit<KeywardStore, "migrate" | "close" | "touchKey"> &
  Required<Pick<KeyStore, "lookupKey">>;

const PUBLIC_ROLE = "public_role";

const isChanged = (changes: number) => changes > 0;
const nothing = () => undefined;

/**
 * The store's queries, written once for every SQLite client. Each method issues one statement and
 * maps its answer with {@link andThen}: a synchronous client's answer is mapped in the same tick
 * (better-sqlite3, `node:sqlite` and `bun:sqlite` stores answer with plain values, as before), an
 * asynchronous one's when its promise settles (D1).
 * @param client - the connection (for a synchronous one, already bounded by its lock waits)
 * @param t - the table names
 */
export function storeQueries(client: QueryClient, t: TableNames): StoreQueries {
  // Messages name what collided, never the value: the value may be a key hash. A synchronous
  // client throws, an asynchronous one rejects; both end here.
  const conflictOnUnique = <T>(message: string, write: () => Awaitable<T>): Awaitable<T> => {
    const translate = (error: unknown): never => {
      if (client.isUniqueViolation(error)) throw new KeywardError("CONFLICT", message);
      throw error;
    };
    try {
      const result = write();
      return isThenable(result) ? result.catch(translate) : result;
    } catch (error) {
      return translate(error);
    }
  };

  // Built once per store: the statement caches are keyed by SQL text, and a text rebuilt per call
  // would be hashed again per call.
  const selectKey = `SELECT ${KEY_COLUMNS} FROM ${t.keys}`;
  const sql = {
    insertKey: `INSERT INTO ${t.keys} (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    keyByHash: `${selectKey} WHERE hash = ?`,
    lookupKey: selectKeyLookup(t),
    keyById: `${selectKey} WHERE id = ?`,
    // rowid breaks ties between keys created in the same millisecond: insertion order.
    keysOfUserAndRole: `${selectKey} WHERE user_id = ? AND role = ? ORDER BY created_at, rowid`,
    keysOfUser: `${selectKey} WHERE user_id = ? ORDER BY created_at, rowid`,
    keysOfRole: `${selectKey} WHERE role = ? ORDER BY created_at, rowid`,
    allKeys: `${selectKey} ORDER BY created_at, rowid`,
    swapSecret: `UPDATE ${t.keys} SET hash = ?, start = ? WHERE id = ? AND hash = ? AND revoked_at IS NULL`,
    // COALESCE keeps the first revocation time; SQLite counts the row as changed either way.
    revokeKey: `UPDATE ${t.keys} SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`,
    saveRole: `INSERT INTO ${t.roles} (appid, name, permissions) VALUES (?, ?, ?)
      ON CONFLICT (appid) DO UPDATE SET name = excluded.name, permissions = excluded.permissions`,
    getRole: `SELECT ${ROLE_COLUMNS} FROM ${t.roles} WHERE appid = ?`,
    listRoles: `SELECT ${ROLE_COLUMNS} FROM ${t.roles} ORDER BY appid`,
    deleteRole: `DELETE FROM ${t.roles} WHERE appid = ?`,
    saveUser: `INSERT INTO ${t.users} (id, role, active) VALUES (?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET role = excluded.role, active = excluded.active`,
    getUser: `SELECT ${USER_COLUMNS} FROM ${t.users} WHERE id = ?`,
    listUsers: `SELECT ${USER_COLUMNS} FROM ${t.users} ORDER BY id`,
    deleteUser: `DELETE FROM ${t.users} WHERE id = ?`,
    getSetting: `SELECT value FROM ${t.settings} WHERE name = ?`,
    deleteSetting: `DELETE FROM ${t.settings} WHERE name = ?`,
    setSetting: `INSERT INTO ${t.settings} (name, value) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
  };
  const orNull =
    <T>(map: (row: SqlRow) => T) =>
    (row: SqlRow | undefined): T | null =>
      row === undefined ? null : map(row);
  const keyOrNull = orNull(keyFromRow);
  const roleOrNull = orNull(roleFromRow);
  const userOrNull = orNull(userFromRow);
  const lookupOrNull = orNull(keyLookupFromRow);
  const keys = (query: string, params: readonly string[]) =>
    andThen(client.all(query, params), (rows) => rows.map(keyFromRow));

  return {
    insertKey(key) {
      return conflictOnUnique("A key with this id or hash is already stored", () =>
        andThen(client.run(sql.insertKey, keyParams(key)), nothing),
      );
    },
    findKeyByHash: (hash) => andThen(client.get(sql.keyByHash, [hash]), keyOrNull),
    // Key, owner and role in one statement: authentication is one query, from one snapshot.
    lookupKey: (hash) => andThen(client.get(sql.lookupKey, [hash]), lookupOrNull),
    getKey: (id) => andThen(client.get(sql.keyById, [id]), keyOrNull),
    listKeys({ userId, role }) {
      if (userId !== undefined && role !== undefined) return keys(sql.keysOfUserAndRole, [userId, role]);
      if (userId !== undefined) return keys(sql.keysOfUser, [userId]);
      if (role !== undefined) return keys(sql.keysOfRole, [role]);
      return keys(sql.allKeys, []);
    },
    swapKeySecret(id, expectedHash, next) {
      // One conditional UPDATE is the compare-and-swap: SQLite runs it under the write lock (D1
      // runs each statement alone), so of racing refreshes exactly one still sees the old hash.
      return conflictOnUnique("The new secret collides with a stored key", () =>
        andThen(
          client.run(sql.swapSecret, [next.hash, next.start, id, expectedHash]),
          (changed) => changed === 1,
        ),
      );
    },
    revokeKey: (id, at) => andThen(client.run(sql.revokeKey, [at.getTime(), id]), isChanged),

    saveRole: (role) =>
      andThen(client.run(sql.saveRole, [role.appid, role.name, JSON.stringify(role.permissions)]), nothing),
    getRole: (appid) => andThen(client.get(sql.getRole, [appid]), roleOrNull),
    listRoles: () => andThen(client.all(sql.listRoles, []), (rows) => rows.map(roleFromRow)),
    deleteRole: (appid) => andThen(client.run(sql.deleteRole, [appid]), isChanged),

    saveUser: (user) => andThen(client.run(sql.saveUser, [user.id, user.role, user.active ? 1 : 0]), nothing),
    getUser: (id) => andThen(client.get(sql.getUser, [id]), userOrNull),
    listUsers: () => andThen(client.all(sql.listUsers, []), (rows) => rows.map(userFromRow)),
    deleteUser: (id) => andThen(client.run(sql.deleteUser, [id]), isChanged),

    getPublicRole: () =>
      andThen(client.get(sql.getSetting, [PUBLIC_ROLE]), (row) =>
        row === undefined || row[0] === null || row[0] === undefined ? null : String(row[0]),
      ),
    setPublicRole: (appid) =>
      andThen(
        appid === null
          ? client.run(sql.deleteSetting, [PUBLIC_ROLE])
          : client.run(sql.setSetting, [PUBLIC_ROLE, appid]),
        nothing,
      ),
  };
}
