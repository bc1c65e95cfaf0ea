import type { Role, StoredKey, User } from "@keyward/core";
import type { SqlRow, SqlValue } from "./client";

/** The columns of the keys table, in the order {@link keyParams} binds and {@link keyFromRow} reads them. */
export const KEY_COLUMNS =
  "id, kind, hash, start, user_id, role, name, permissions, expires_at, created_at, last_used_at, revoked_at";

/** The columns {@link roleFromRow} reads, in order. */
export const ROLE_COLUMNS = "appid, name, permissions";

/** The columns {@link userFromRow} reads, in order. */
export const USER_COLUMNS = "id, role, active";

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
 * A stored key from a row starting with the {@link KEY_COLUMNS}.
 * @param row - the row
 */
export function keyFromRow(row: SqlRow): StoredKey {
  return {
    id: String(row[0]),
    kind: row[1] === "app" ? "app" : "user",
    hash: String(row[2]),
    start: String(row[3]),
    userId: text(row[4]),
    role: text(row[5]),
    name: text(row[6]),
    permissions: row[7] === null ? null : (JSON.parse(String(row[7])) as string[]),
    expiresAt: date(row[8]),
    createdAt: new Date(Number(row[9])),
    lastUsedAt: date(row[10]),
    revokedAt: date(row[11]),
  };
}

/**
 * A role from a row of the {@link ROLE_COLUMNS}.
 * @param row - the row
 */
export function roleFromRow(row: SqlRow): Role {
  return { appid: String(row[0]), name: String(row[1]), permissions: JSON.parse(String(row[2])) as string[] };
}

/**
 * A user from a row of the {@link USER_COLUMNS}.
 * @param row - the row
 */
export function userFromRow(row: SqlRow): User {
  return { id: String(row[0]), role: String(row[1]), active: Number(row[2]) === 1 };
}
