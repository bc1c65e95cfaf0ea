import type { KeywardStore, StoredKey } from "@keyward/core";
import type { KeyFilter, KeySecret } from "@keyward/core/adapter";
import { type KeyLookupRow, selectKeyLookup, toKeyLookup } from "./lookup";
import { migrate } from "./migrate";
import type { TableNames } from "./names";
import {
  KEY_COLUMNS,
  type KeyRow,
  keyParams,
  type RoleRow,
  toRole,
  toStoredKey,
  toUser,
  type UserRow,
} from "./rows";
import type { SqlClient } from "./sql-client";

const PUBLIC_ROLE = "public_role";

/**
 * The SQL of every store operation, over the tiny {@link SqlClient} shape. Knows no driver: the
 * driver files (`drivers/`) map driver errors (unique violations → `CONFLICT`) before they reach here.
 * @param client - runs the queries
 * @param t - the table names
 */
export function createSqlStore(client: SqlClient, t: TableNames): KeywardStore {
  const one = async <Row>(sql: string, params: readonly unknown[]): Promise<Row | null> =>
    (await client.query<Row>(sql, params)).rows[0] ?? null;
  const changed = async (sql: string, params: readonly unknown[]): Promise<boolean> =>
    ((await client.query(sql, params)).rowCount ?? 0) > 0;
  const keysWhere = async (where: string, params: readonly unknown[]): Promise<StoredKey[]> => {
    const { rows } = await client.query<KeyRow>(
      `SELECT ${KEY_COLUMNS} FROM ${t.keys} ${where} ORDER BY created_at, seq`,
      params,
    );
    return rows.map(toStoredKey);
  };

  const lookupSql = selectKeyLookup(t);

  return {
    migrate: async () => {
      await migrate(client, t);
    },

    async insertKey(key) {
      // Both the primary key and the unique hash index reject duplicates; the driver maps that to CONFLICT.
      await client.query(
        `INSERT INTO ${t.keys} (${KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12)`,
        keyParams(key),
      );
    },
    async findKeyByHash(hash) {
      const row = await one<KeyRow>(`SELECT ${KEY_COLUMNS} FROM ${t.keys} WHERE hash = $1`, [hash]);
      return row === null ? null : toStoredKey(row);
    },
    async lookupKey(hash) {
      // Key, owner and role in one statement: authenticating any key is one round trip.
      const row = await one<KeyLookupRow>(lookupSql, [hash]);
      return row === null ? null : toKeyLookup(row);
    },
    async getKey(id) {
      const row = await one<KeyRow>(`SELECT ${KEY_COLUMNS} FROM ${t.keys} WHERE id = $1`, [id]);
      return row === null ? null : toStoredKey(row);
    },
    listKeys(filter: KeyFilter) {
      const clauses: string[] = [];
      const params: string[] = [];
      if (filter.userId !== undefined) {
        params.push(filter.userId);
        clauses.push(`user_id = $${params.length}`);
      }
      if (filter.role !== undefined) {
        params.push(filter.role);
        clauses.push(`role = $${params.length}`);
      }
      return keysWhere(clauses.length === 0 ? "" : `WHERE ${clauses.join(" AND ")}`, params);
    },
    swapKeySecret(id: string, expectedHash: string, next: KeySecret) {
      // Compare-and-swap in one statement. Under READ COMMITTED a racing UPDATE waits for the winner's
      // commit, then re-checks the WHERE clause against the new row, finds the hash changed, and updates
      // nothing: exactly one refresh wins.
      return changed(
        `UPDATE ${t.keys} SET hash = $3, start = $4 WHERE id = $1 AND hash = $2 AND revoked_at IS NULL`,
        [id, expectedHash, next.hash, next.start],
      );
    },
    revokeKey(id, at) {
      return changed(`UPDATE ${t.keys} SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1`, [id, at]);
    },
    async touchKey(id, at) {
      // Best effort, so it never waits for a row lock (a refresh or revoke in flight, a long
      // transaction of the app's): a locked row is skipped. A waiting UPDATE would hold its pool
      // connection, and postgres.js pipelines other queries behind it on that connection.
      await client.query(
        `UPDATE ${t.keys} SET last_used_at = $2
         WHERE id = (SELECT id FROM ${t.keys} WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED)`,
        [id, at],
      );
    },

    async saveRole(role) {
      await client.query(
        `INSERT INTO ${t.roles} (appid, name, permissions) VALUES ($1, $2, $3::text::jsonb)
         ON CONFLICT (appid) DO UPDATE SET name = EXCLUDED.name, permissions = EXCLUDED.permissions`,
        [role.appid, role.name, JSON.stringify(role.permissions)],
      );
    },
    async getRole(appid) {
      const row = await one<RoleRow>(`SELECT appid, name, permissions FROM ${t.roles} WHERE appid = $1`, [
        appid,
      ]);
      return row === null ? null : toRole(row);
    },
    async listRoles() {
      // COLLATE "C": byte order, as the other stores sort, whatever the database's locale.
      const { rows } = await client.query<RoleRow>(
        `SELECT appid, name, permissions FROM ${t.roles} ORDER BY appid COLLATE "C"`,
      );
      return rows.map(toRole);
    },
    deleteRole: (appid) => changed(`DELETE FROM ${t.roles} WHERE appid = $1`, [appid]),

    async saveUser(user) {
      await client.query(
        `INSERT INTO ${t.users} (id, role, active) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, active = EXCLUDED.active`,
        [user.id, user.role, user.active],
      );
    },
    async getUser(id) {
      const row = await one<UserRow>(`SELECT id, role, active FROM ${t.users} WHERE id = $1`, [id]);
      return row === null ? null : toUser(row);
    },
    async listUsers() {
      const { rows } = await client.query<UserRow>(
        `SELECT id, role, active FROM ${t.users} ORDER BY id COLLATE "C"`,
      );
      return rows.map(toUser);
    },
    deleteUser: (id) => changed(`DELETE FROM ${t.users} WHERE id = $1`, [id]),

    async getPublicRole() {
      const row = await one<{ value: string | null }>(`SELECT value FROM ${t.settings} WHERE name = $1`, [
        PUBLIC_ROLE,
      ]);
      return row?.value ?? null;
    },
    async setPublicRole(appid) {
      await client.query(
        `INSERT INTO ${t.settings} (name, value) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
        [PUBLIC_ROLE, appid],
      );
    },
  };
}
