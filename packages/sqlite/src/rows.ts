import type { Role, StoredKey, User } from "@keyward/core";
import type { SqlRow, SqlValue } from "./client";

/** The columns of the keys table, in the order {@link keyParams} binds them. */
export const KEY_COLUMNS =
  "id, kind, hash, start, user_id, role, name, permissions, expires_at, created_at, last_used_at, revoked_at";

const time = (date: Date | null): number | null => (date === null ? null : date.getTime());
const date = (value: SqlValue | undefined): Date | null =>
  value === null || value === undefined ? null : new Date(Number(value));
const text = (value: SqlValue | undefined): string | null =>
  value === null || value === undefined ? null : String(value);

/**
 * Parameters for an insert of `key`, in {@link KEY_COLUMNS} order. Dates become integer
 * milliseconds; permissions a JSON array, or SQL NULL for "no narrowing" (distinct from `[]`).
 * @param key - the key to store
 */
export function keyParams(key: StoredKey): SqlValue[] {
  return [
    key.id,
    key.kind,
    key.hash,
    key.start,
    key.userId,
    key.role,
    key.name,
    key.permissions === null ? null : JSON.stringify(key.permissions),
    time(key.expiresAt),
    key.createdAt.getTime(),
    time(key.lastUsedAt),
    time(key.revokedAt),
  ];
}

/**
 * A stored key from a row of {@link KEY_COLUMNS}.
 * @param row - the row
 */
export function keyFromRow(row: SqlRow): StoredKey {
  return {
    id: String(row.id),
    kind: row.kind === "app" ? "app" : "user",
    hash: String(row.hash),
    start: String(row.start),
    userId: text(row.user_id),
    role: text(row.role),
    name: text(row.name),
    permissions: row.permissions === null ? null : (JSON.parse(String(row.permissions)) as string[]),
    expiresAt: date(row.expires_at),
    createdAt: new Date(Number(row.created_at)),
    lastUsedAt: date(row.last_used_at),
    revokedAt: date(row.revoked_at),
  };
}

/**
 * A role from a row of the roles table.
 * @param row - the row
 */
export function roleFromRow(row: SqlRow): Role {
  return {
    appid: String(row.appid),
    name: String(row.name),
    permissions: JSON.parse(String(row.permissions)) as string[],
  };
}

/**
 * A user from a row of the users table.
 * @param row - the row
 */
export function userFromRow(row: SqlRow): User {
  return { id: String(row.id), role: String(row.role), active: Number(row.active) === 1 };
}
