import type { KeyKind, StoredKey } from "@keyward/core";

/**
 * The fields of a record hash, in the order scripts read them with HMGET. A `null` value is an absent
 * field; dates are epoch milliseconds; `permissions` is JSON; `seq` is the insertion order.
 */
export const RECORD_FIELDS = [
  "id",
  "kind",
  "hash",
  "start",
  "userId",
  "role",
  "name",
  "permissions",
  "expiresAt",
  "createdAt",
  "lastUsedAt",
  "revokedAt",
  "seq",
] as const;

/** A record as read back: HMGET values in {@link RECORD_FIELDS} order, `null` where absent. */
export type RecordValues = readonly unknown[];

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
const date = (value: unknown): Date | null => {
  const raw = text(value);
  return raw === null ? null : new Date(Number(raw));
};

/**
 * Turns HMGET values into a stored key, or `null` when the record does not exist.
 * @param values - the values in {@link RECORD_FIELDS} order
 */
export function toStoredKey(values: unknown): (StoredKey & { readonly seq: number }) | null {
  if (!Array.isArray(values)) return null;
  const [
    id,
    kind,
    hash,
    start,
    userId,
    role,
    name,
    permissions,
    expiresAt,
    createdAt,
    lastUsedAt,
    revokedAt,
    seq,
  ] = values as RecordValues;
  const idText = text(id);
  const hashText = text(hash);
  if (idText === null || hashText === null) return null;
  const scope = text(permissions);
  return {
    id: idText,
    kind: text(kind) as KeyKind,
    hash: hashText,
    start: text(start) ?? "",
    userId: text(userId),
    role: text(role),
    name: text(name),
    permissions: scope === null ? null : (JSON.parse(scope) as string[]),
    expiresAt: date(expiresAt),
    createdAt: date(createdAt) ?? new Date(0),
    lastUsedAt: date(lastUsedAt),
    revokedAt: date(revokedAt),
    seq: Number(text(seq) ?? 0),
  };
}

/**
 * The field/value pairs HSET writes for a new record; `null` fields are left out.
 * @param key - the key to store
 */
export function recordPairs(key: StoredKey): string[] {
  const values: Record<string, string | null> = {
    id: key.id,
    kind: key.kind,
    hash: key.hash,
    start: key.start,
    userId: key.userId,
    role: key.role,
    name: key.name,
    permissions: key.permissions === null ? null : JSON.stringify(key.permissions),
    expiresAt: key.expiresAt === null ? null : String(key.expiresAt.getTime()),
    createdAt: String(key.createdAt.getTime()),
    lastUsedAt: key.lastUsedAt === null ? null : String(key.lastUsedAt.getTime()),
    revokedAt: key.revokedAt === null ? null : String(key.revokedAt.getTime()),
  };
  const pairs: string[] = [];
  for (const [field, value] of Object.entries(values)) if (value !== null) pairs.push(field, value);
  return pairs;
}
