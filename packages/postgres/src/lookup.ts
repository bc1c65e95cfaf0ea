import type { KeyLookup } from "@keyward/core/adapter";
import type { TableNames } from "./names";
import { KEY_COLUMNS, type KeyRow, toRole, toStoredKey, toUser } from "./rows";

/** A row of {@link selectKeyLookup}: the key's columns, then its owner's and its role's, `null` where absent. */
export interface KeyLookupRow extends KeyRow {
  owner_id: string | null;
  owner_role: string | null;
  owner_active: boolean | null;
  role_appid: string | null;
  role_name: string | null;
  role_permissions: unknown;
}

/**
 * The statement behind `lookupKey`: the key with a hash, its owner (user keys only) and the role it
 * acts with (the owner's for a user key, its own for an app key), in one round trip instead of three.
 *
 * LEFT JOINs, which PostgreSQL plans as nested loops of index scans, also as a generic plan of a
 * prepared statement: the unique hash index, then the users and roles primary keys, each probed
 * with the outer row's values (a test checks the plan). A one-page roles table may be read whole
 * instead, when the planner finds that cheaper.
 * @param t - the table names
 */
export function selectKeyLookup(t: TableNames): string {
  const keyColumns = KEY_COLUMNS.split(", ")
    .map((column) => `k.${column}`)
    .join(", ");
  return `SELECT ${keyColumns},
    u.id AS owner_id, u.role AS owner_role, u.active AS owner_active,
    r.appid AS role_appid, r.name AS role_name, r.permissions AS role_permissions
    FROM ${t.keys} k
    LEFT JOIN ${t.users} u ON k.kind = 'user' AND u.id = k.user_id
    LEFT JOIN ${t.roles} r ON r.appid = (CASE WHEN k.kind = 'user' THEN u.role ELSE k.role END)
    WHERE k.hash = $1`;
}

/**
 * Maps a row of {@link selectKeyLookup} to what `lookupKey` answers.
 * @param row - the row
 */
export function toKeyLookup(row: KeyLookupRow): KeyLookup {
  return {
    key: toStoredKey(row),
    user:
      row.owner_id === null
        ? null
        : toUser({ id: row.owner_id, role: String(row.owner_role), active: row.owner_active === true }),
    role:
      row.role_appid === null
        ? null
        : toRole({ appid: row.role_appid, name: String(row.role_name), permissions: row.role_permissions }),
  };
}
