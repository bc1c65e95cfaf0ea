import type { KeyRecord } from "../api/types";

/** Where a key stands, for the badge in the lists. */
export type KeyState = "active" | "expired" | "revoked";

/**
 * A key's state at `now`: revoked wins over expired, since revocation is final.
 * @param record - the key's record
 * @param now - the time to judge by
 */
export function keyState(record: KeyRecord, now: Date): KeyState {
  if (record.revokedAt !== null) return "revoked";
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now.getTime()) return "expired";
  return "active";
}

/** How the lists show a key's owner: the user, or "app" and the app key's role. */
export function keyOwner(record: KeyRecord): string {
  return record.kind === "user" ? `user ${record.userId ?? "?"}` : `app · role ${record.role ?? "?"}`;
}

/** How a select lists a key: its name or hint, and its owner. */
export function keyLabel(record: KeyRecord): string {
  const name = record.name === null ? record.start : `${record.name} (${record.start}…)`;
  return `${name} — ${keyOwner(record)}`;
}
