import type { Role, StoredKey, User } from "@keyward/core";
import type { SqlRow, SqlValue } from "./client";

const KEY_COLUMN_NAMES = [
  "id",
  "kind",
  "hash",
  "start",
  "user_id",
  "role",
  "name",
  "permissions",
  "expires_at",
  "created_at",
  "last_used_at",
  "revoked_at",
] as const;

/** The columns of the keys table, in the order {@link keyParams} binds them. */
export const KEY_COLUMNS = KEY_COLUMN_NAMES.join(", ");

/**
 * {@link KEY_COLUMNS} qualified with a table alias, for joins.
 * @param alias - the alias of the keys table
 */
export function keyColumnsOf(alias: string): string {
  return KEY_COLUMN_NAMES.map((name) => `${alias}.${name}`).join(", ");
}

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

/** What a joined key row says about the key's owner and role; `null` where the key has none. */
export interface JoinedGrants {
  readonly user: { readonly id: string; readonly value: User | null } | null;
  readonly role: { readonly appid: string; readonly value: Role | null } | null;
}

/**
 * The owner (`u_*` columns) and role (`r_*` columns) read in the same row as `key`. A `value` of
 * `null` means the join found nothing: the user or role does not exist.
 * @param key - the key mapped from the row
 * @param row - the joined row
 */
export function grantsFromRow(key: StoredKey, row: SqlRow): JoinedGrants {
  const user =
    key.userId === null
      ? null
      : {
          id: key.userId,
          value:
            row.u_id === null
              ? null
              : userFromRow({ id: row.u_id!, role: row.u_role!, active: row.u_active! }),
        };
  // User keys act with their owner's role, app keys with their own (as core decides).
  const roleId = key.kind === "user" ? (user?.value?.role ?? null) : key.role;
  const role =
    roleId === null
      ? null
      : {
          appid: roleId,
          value:
            row.r_appid === null
              ? null
              : roleFromRow({ appid: row.r_appid!, name: row.r_name!, permissions: row.r_permissions! }),
        };
  return { user, role };
}
