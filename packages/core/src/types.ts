/** A user key (`USR-…`, owned by a user, acting with the user's role) or an app key (`API-…`, with a role of its own). */
export type KeyKind = "user" | "app";

/**
 * What keyward stores about a key, minus its secret. Safe to show to operators and to return from
 * APIs: it never holds a plaintext key or a hash.
 */
export interface KeyRecord {
  /** Stable id; survives refreshes. */
  readonly id: string;
  readonly kind: KeyKind;
  /** Display hint: the prefix and first 8 hex characters, e.g. `USR-b2a6ef40`. */
  readonly start: string;
  /** Owner of a user key; `null` for app keys. */
  readonly userId: string | null;
  /** Role of an app key; `null` for user keys (they act with their owner's role). */
  readonly role: string | null;
  readonly name: string | null;
  /** Narrowing scope: the key may do only what both its role and this list allow. `null`: no narrowing. */
  readonly permissions: readonly string[] | null;
  /** The key is invalid from this instant on (`expiresAt <= now`). */
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
  /** Updated at most once a minute per key, so authentication is not a write on every request. */
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
  /**
   * The version of the key's secret and revocation state, as a strong HTTP entity tag in quotes
   * (`"3f2a9c0d5e6b7a81"`). It changes when the key is refreshed or revoked, and only then: using
   * the key (`lastUsedAt`) does not change it. Pass it back as `ifMatch` to refresh or revoke only
   * the version you read. It is derived from the stored hash but reveals no part of it.
   */
  readonly etag: string;
}

/**
 * A {@link KeyRecord} as a store keeps it: with the hash of its secret, and without `etag`, which
 * core derives from the hash and `revokedAt`. Never leaves core.
 */
export interface StoredKey extends Omit<KeyRecord, "etag"> {
  /** Lowercase hex SHA-256 (or HMAC-SHA-256 with a pepper) of the plaintext key. */
  readonly hash: string;
}

/** A role: an id, a display name and the permission patterns it grants. */
export interface Role {
  /** The role's id, e.g. `editor`. Matched exactly and case-sensitively. */
  readonly appid: string;
  readonly name: string;
  readonly permissions: readonly string[];
}

/** A user as keyward sees it: an id, a role and whether the user may act at all. */
export interface User {
  readonly id: string;
  readonly role: string;
  /** An inactive user's keys do not authenticate. */
  readonly active: boolean;
}
