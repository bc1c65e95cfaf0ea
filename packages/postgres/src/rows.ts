import type { KeyKind, Role, StoredKey, User } from "@keyward/core";

/** A row of the keys table as the drivers return it (timestamptz → Date, jsonb → parsed JSON). */
export interface KeyRow {
  id: string;
  kind: string;
  hash: string;
  start: string;
  user_id: string | null;
  role: string | null;
  name: string | null;
  permissions: unknown;
  expires_at: Date | string | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

/** Column list in the order {@link keyParams} binds them. */
export const KEY_COLUMNS =
  "id, kind, hash, start, user_id, role, name, permissions, expires_at, created_at, last_used_at, revoked_at";

// A caller may have replaced the driver's timestamptz or jsonb parser with one that returns strings.
const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const toDateOrNull = (value: Date | string | null): Date | null => (value === null ? null : toDate(value));

function toPermissions(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : null;
}

/**
 * Turns a keys row into a {@link StoredKey}.
 * @param row - the row
 */
export function toStoredKey(row: KeyRow): StoredKey {
  return {
    id: row.id,
    kind: row.kind as KeyKind,
    hash: row.hash,
    start: row.start,
    userId: row.user_id,
    role: row.role,
    name: row.name,
    permissions: toPermissions(row.permissions),
    expiresAt: toDateOrNull(row.expires_at),
    createdAt: toDate(row.created_at),
    lastUsedAt: toDateOrNull(row.last_used_at),
    revokedAt: toDateOrNull(row.revoked_at),
  };
}

/**
 * The parameters of an insert, in {@link KEY_COLUMNS} order. jsonb is bound as JSON text and cast
 * with `$n::text::jsonb`: `pg` would turn a JS array into a PostgreSQL array literal, which is not
 * JSON, and postgres.js JSON-encodes any value bound to a jsonb parameter, strings included.
 * @param key - the key to store
 */
export function keyParams(key: StoredKey): unknown[] {
  return [
    key.id,
    key.kind,
    key.hash,
    key.start,
    key.userId,
    key.role,
    key.name,
    key.permissions === null ? null : JSON.stringify(key.permissions),
    key.expiresAt,
    key.createdAt,
    key.lastUsedAt,
    key.revokedAt,
  ];
}

/** A row of the roles table. */
export interface RoleRow {
  appid: string;
  name: string;
  permissions: unknown;
}

/**
 * Turns a roles row into a {@link Role}.
 * @param row - the row
 */
export function toRole(row: RoleRow): Role {
  return { appid: row.appid, name: row.name, permissions: toPermissions(row.permissions) ?? [] };
}

/** A row of the users table. */
export interface UserRow {
  id: string;
  role: string;
  active: boolean;
}

/**
 * Turns a users row into a {@link User}.
 * @param row - the row
 */
export function toUser(row: UserRow): User {
  return { id: row.id, role: row.role, active: row.active };
}
