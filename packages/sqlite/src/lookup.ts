import type { StoredKey } from "@keyward/core";
import type { KeyLookup } from "@keyward/core/adapter";
import type { SqlRow } from "./client";
import { KEY_COLUMNS, keyFromRow, userFromRow } from "./rows";
import type { TableNames } from "./schema";

/**
 * The statement behind `lookupKey`: the key with a hash plus its owner and the role it acts with,
 * as JSON arrays in two extra columns, so authentication costs one query instead of three.
 *
 * Correlated subqueries, not LEFT JOINs, on purpose: after `ANALYZE`, SQLite (built with STAT4, as
 * better-sqlite3 is) re-plans a join with a bound parameter on every execution, which costs about
 * four times the lookup itself; these subqueries keep one plan, every step a primary-key search.
 * @param t - the table names
 */
export function selectKeyLookup(t: TableNames): string {
  const owner = `(SELECT u.role FROM ${t.users} u WHERE u.id = k.user_id)`;
  return `SELECT ${KEY_COLUMNS},
    (SELECT json_array(u.id, u.role, u.active) FROM ${t.users} u WHERE u.id = k.user_id),
    (SELECT json_array(r.appid, r.name, json(r.permissions)) FROM ${t.roles} r
      WHERE r.appid = (CASE WHEN k.kind = 'user' THEN ${owner} ELSE k.role END))
    FROM ${t.keys} k WHERE k.hash = ?`;
}

/**
 * Maps a row of {@link selectKeyLookup} to what `lookupKey` answers.
 * @param row - the row
 */
export function keyLookupFromRow(row: SqlRow): KeyLookup {
  const key: StoredKey = keyFromRow(row);
  const userJson = row[12];
  const roleJson = row[13];
  // Only a user key has an owner: an app key answers `user: null` whatever its row says.
  const user =
    key.kind === "user" && userJson !== null && userJson !== undefined
      ? userFromRow(JSON.parse(String(userJson)) as SqlRow)
      : null;
  if (roleJson === null || roleJson === undefined) return { key, user, role: null };
  const [appid, name, permissions] = JSON.parse(String(roleJson)) as [string, string, string[]];
  return { key, user, role: { appid, name, permissions } };
}
