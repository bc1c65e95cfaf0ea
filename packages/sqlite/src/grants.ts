import type { Role, StoredKey, User } from "@keyward/core";
import type { SqlRow } from "./client";
import { KEY_COLUMNS, keyFromRow, userFromRow } from "./rows";
import type { TableNames } from "./schema";

/** What a key row says about the key's owner and role; `null` where the key has none. */
export interface KeyWithGrants {
  readonly key: StoredKey;
  /** The owner of a user key by id; `value: null` when the user does not exist. */
  readonly user: { readonly id: string; readonly value: User | null } | null;
  /** The role the key acts with; `value: null` when the role does not exist. */
  readonly role: { readonly appid: string; readonly value: Role | null } | null;
}

/**
 * The lookup by hash that also reads the key's owner and role, as JSON arrays in two extra columns.
 *
 * Correlated subqueries, not LEFT JOINs, on purpose: after `ANALYZE`, SQLite (built with STAT4, as
 * better-sqlite3 is) re-plans a join with a bound parameter on every execution, which costs about
 * four times the lookup itself; these subqueries keep one plan, every step a primary-key search.
 * @param t - the table names
 */
export function selectKeyWithGrants(t: TableNames): string {
  const owner = `(SELECT u.role FROM ${t.users} u WHERE u.id = k.user_id)`;
  return `SELECT ${KEY_COLUMNS},
    (SELECT json_array(u.id, u.role, u.active) FROM ${t.users} u WHERE u.id = k.user_id),
    (SELECT json_array(r.appid, r.name, json(r.permissions)) FROM ${t.roles} r
      WHERE r.appid = (CASE WHEN k.kind = 'user' THEN ${owner} ELSE k.role END))
    FROM ${t.keys} k WHERE k.hash = ?`;
}

/**
 * Maps a row of {@link selectKeyWithGrants}.
 * @param row - the row
 */
export function keyWithGrantsFromRow(row: SqlRow): KeyWithGrants {
  const key = keyFromRow(row);
  const userJson = row[12];
  const roleJson = row[13];
  const user =
    key.userId === null
      ? null
      : {
          id: key.userId,
          value: userJson === null ? null : userFromRow(JSON.parse(String(userJson)) as SqlRow),
        };
  // User keys act with their owner's role, app keys with their own (as core decides).
  const roleId = key.kind === "user" ? (user?.value?.role ?? null) : key.role;
  if (roleId === null || roleJson === null) {
    return { key, user, role: roleId === null ? null : { appid: roleId, value: null } };
  }
  const [appid, name, permissions] = JSON.parse(String(roleJson)) as [string, string, string[]];
  return { key, user, role: { appid: roleId, value: { appid, name, permissions } } };
}
