import { KeywardError, type KeywardStore } from "@keyward/core";
import type { SqliteClient } from "./client";
import { writeLastUsed } from "./last-used";
import { connectionBusyTimeout, lockWaits } from "./lock-waits";
import { keyLookupFromRow, selectKeyLookup } from "./lookup";
import { migrateSchema } from "./migrate";
import { busyTimeoutFor, type SqliteStoreOptions } from "./options";
import {
  KEY_COLUMNS,
  keyFromRow,
  keyParams,
  ROLE_COLUMNS,
  roleFromRow,
  USER_COLUMNS,
  userFromRow,
} from "./rows";
import { tableNames } from "./schema";
import { touchQueue } from "./touch-queue";

/** A keyward store in SQLite. Every method but `migrate()` and `close()` answers synchronously. */
export interface SqliteStore extends KeywardStore {
  /**
   * Writes the `lastUsedAt` times held back while the database was locked, waiting for the lock at
   * most `busyTimeoutMs` (what still cannot be written is dropped: `lastUsedAt` is best effort),
   * and stops the retry timer. Call it before you close the database. It never closes the
   * connection, which is yours; the store keeps working afterwards.
   */
  close(): Promise<void>;
}

const PUBLIC_ROLE = "public_role";

/**
 * A keyward store over any {@link SqliteClient}: the queries, independent of the SQLite library.
 * Every method but `migrate()` and `close()` answers synchronously. Use a driver such as
 * `sqliteStore` (better-sqlite3) rather than calling this directly.
 *
 * Creating it sets the connection's busy timeout (see {@link SqliteStoreOptions.busyTimeoutMs}):
 * no call waits longer than that for a lock, and `lastUsedAt` writes never wait at all.
 * @param connection - the connection
 * @param options - see {@link SqliteStoreOptions}
 */
export function createSqliteStore(connection: SqliteClient, options: SqliteStoreOptions = {}): SqliteStore {
  const t = tableNames(options.tablePrefix ?? "keyward_");
  const ownTimeoutMs = connectionBusyTimeout(connection);
  const waitMs = busyTimeoutFor(options.busyTimeoutMs, ownTimeoutMs);
  const waits = lockWaits(connection, waitMs);
  // Every query below runs on the bounded client; only touches and migrate() use their own waits.
  const client = waits.client;
  const touches = touchQueue({
    write: (batch, wait) =>
      wait
        ? writeLastUsed(connection, t, batch)
        : waits.withoutWaiting(() => writeLastUsed(connection, t, batch)),
    isBusy: (error) => connection.isBusy(error),
  });

  // Messages name what collided, never the value: the value may be a key hash.
  const conflictOnUnique = <T>(message: string, write: () => T): T => {
    try {
      return write();
    } catch (error) {
      if (client.isUniqueViolation(error)) throw new KeywardError("CONFLICT", message);
      throw error;
    }
  };

  const selectKey = `SELECT ${KEY_COLUMNS} FROM ${t.keys}`;
  const selectLookup = selectKeyLookup(t);

  return {
    // Startup, not the request path: migrate() waits as long as the connection did before the
    // store shortened its busy timeout, so processes starting together do not fail each other.
    migrate: async () => {
      waits.waitingUpTo(Math.max(ownTimeoutMs, waitMs), () => migrateSchema(connection, t));
    },
    close: async () => {
      touches.flush();
    },

    insertKey(key) {
      conflictOnUnique("A key with this id or hash is already stored", () =>
        client.run(
          `INSERT INTO ${t.keys} (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          keyParams(key),
        ),
      );
    },
    findKeyByHash(hash) {
      const row = client.get(`${selectKey} WHERE hash = ?`, [hash]);
      return row === undefined ? null : keyFromRow(row);
    },
    lookupKey(hash) {
      // Key, owner and role in one statement: authentication is one query, from one snapshot.
      const row = client.get(selectLookup, [hash]);
      return row === undefined ? null : keyLookupFromRow(row);
    },
    getKey(id) {
      const row = client.get(`${selectKey} WHERE id = ?`, [id]);
      return row === undefined ? null : keyFromRow(row);
    },
    listKeys(filter) {
      // rowid breaks ties between keys created in the same millisecond: insertion order.
      if (filter.userId !== undefined && filter.role !== undefined) {
        return client
          .all(`${selectKey} WHERE user_id = ? AND role = ? ORDER BY created_at, rowid`, [
            filter.userId,
            filter.role,
          ])
          .map(keyFromRow);
      }
      if (filter.userId !== undefined) {
        return client
          .all(`${selectKey} WHERE user_id = ? ORDER BY created_at, rowid`, [filter.userId])
          .map(keyFromRow);
      }
      if (filter.role !== undefined) {
        return client
          .all(`${selectKey} WHERE role = ? ORDER BY created_at, rowid`, [filter.role])
          .map(keyFromRow);
      }
      return client.all(`${selectKey} ORDER BY created_at, rowid`, []).map(keyFromRow);
    },
    swapKeySecret(id, expectedHash, next) {
      // One conditional UPDATE is the compare-and-swap: SQLite runs it under the write lock, so of
      // racing refreshes (from any connection or process) exactly one still sees the old hash.
      const changed = conflictOnUnique("The new secret collides with a stored key", () =>
        client.run(
          `UPDATE ${t.keys} SET hash = ?, start = ? WHERE id = ? AND hash = ? AND revoked_at IS NULL`,
          [next.hash, next.start, id, expectedHash],
        ),
      );
      return changed === 1;
    },
    revokeKey(id, at) {
      // COALESCE keeps the first revocation time; SQLite counts the row as changed either way.
      return (
        client.run(`UPDATE ${t.keys} SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?`, [
          at.getTime(),
          id,
        ]) > 0
      );
    },
    touchKey(id, at) {
      // Never waits for a lock: held back and retried when the database is busy.
      touches.touch(id, at.getTime());
    },

    saveRole(role) {
      client.run(
        `INSERT INTO ${t.roles} (appid, name, permissions) VALUES (?, ?, ?)
         ON CONFLICT (appid) DO UPDATE SET name = excluded.name, permissions = excluded.permissions`,
        [role.appid, role.name, JSON.stringify(role.permissions)],
      );
    },
    getRole(appid) {
      const row = client.get(`SELECT ${ROLE_COLUMNS} FROM ${t.roles} WHERE appid = ?`, [appid]);
      return row === undefined ? null : roleFromRow(row);
    },
    listRoles: () => client.all(`SELECT ${ROLE_COLUMNS} FROM ${t.roles} ORDER BY appid`, []).map(roleFromRow),
    deleteRole(appid) {
      return client.run(`DELETE FROM ${t.roles} WHERE appid = ?`, [appid]) > 0;
    },

    saveUser(user) {
      client.run(
        `INSERT INTO ${t.users} (id, role, active) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET role = excluded.role, active = excluded.active`,
        [user.id, user.role, user.active ? 1 : 0],
      );
    },
    getUser(id) {
      const row = client.get(`SELECT ${USER_COLUMNS} FROM ${t.users} WHERE id = ?`, [id]);
      return row === undefined ? null : userFromRow(row);
    },
    listUsers: () => client.all(`SELECT ${USER_COLUMNS} FROM ${t.users} ORDER BY id`, []).map(userFromRow),
    deleteUser(id) {
      return client.run(`DELETE FROM ${t.users} WHERE id = ?`, [id]) > 0;
    },

    getPublicRole() {
      const row = client.get(`SELECT value FROM ${t.settings} WHERE name = ?`, [PUBLIC_ROLE]);
      return row === undefined || row[0] === null || row[0] === undefined ? null : String(row[0]);
    },
    setPublicRole(appid) {
      if (appid === null) client.run(`DELETE FROM ${t.settings} WHERE name = ?`, [PUBLIC_ROLE]);
      else {
        client.run(
          `INSERT INTO ${t.settings} (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
          [PUBLIC_ROLE, appid],
        );
      }
    },
  };
}
