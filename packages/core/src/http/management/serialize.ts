import type { IssuedKey } from "../../keys-api";
import type { KeyRecord, Role, User } from "../../types";

/** A {@link KeyRecord} as JSON: dates become ISO-8601 strings. */
export interface KeyRecordJson {
  readonly id: string;
  readonly kind: KeyRecord["kind"];
  readonly start: string;
  readonly userId: string | null;
  readonly role: string | null;
  readonly name: string | null;
  readonly permissions: readonly string[] | null;
  readonly expiresAt: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  /** The record's version, as the `ETag` header carries it (quotes included): send it back in `If-Match`. */
  readonly etag: string;
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/**
 * Serialises a key record field by field, so that nothing else on the object (a hash a store left
 * behind) can reach a response.
 * @param record - the record
 */
export function keyRecordJson(record: KeyRecord): KeyRecordJson {
  return {
    id: record.id,
    kind: record.kind,
    start: record.start,
    userId: record.userId,
    role: record.role,
    name: record.name,
    permissions: record.permissions === null ? null : [...record.permissions],
    expiresAt: iso(record.expiresAt),
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: iso(record.lastUsedAt),
    revokedAt: iso(record.revokedAt),
    etag: record.etag,
  };
}

/**
 * An issued key as JSON: the plaintext key (shown once) and its record.
 * @param issued - the key and record from `keys.create` or `keys.refresh`
 */
export function issuedKeyJson(issued: IssuedKey): { key: string; record: KeyRecordJson } {
  return { key: issued.key, record: keyRecordJson(issued.record) };
}

/**
 * A role as JSON, fields picked one by one.
 * @param role - the role
 */
export function roleJson(role: Role): Role {
  return { appid: role.appid, name: role.name, permissions: [...role.permissions] };
}

/**
 * A user as JSON, fields picked one by one.
 * @param user - the user
 */
export function userJson(user: User): User {
  return { id: user.id, role: user.role, active: user.active };
}
