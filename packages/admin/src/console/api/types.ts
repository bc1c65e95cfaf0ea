/** A key record as the management API returns it: never the key itself, never its hash. */
export interface KeyRecord {
  readonly id: string;
  readonly kind: "user" | "app";
  /** The key's first characters, e.g. `USR-b2a6ef40`, to recognise it. */
  readonly start: string;
  readonly userId: string | null;
  readonly role: string | null;
  readonly name: string | null;
  /** The key's scope (it can do only what its role and these allow), or `null` for none. */
  readonly permissions: readonly string[] | null;
  readonly expiresAt: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  /** The record's version, sent back as `If-Match` so a refresh or revocation hits what was shown. */
  readonly etag: string;
}

/** A key as issued: the plaintext, shown once, and its record. */
export interface IssuedKey {
  readonly key: string;
  readonly record: KeyRecord;
}

/** A role. */
export interface Role {
  readonly appid: string;
  readonly name: string;
  readonly permissions: readonly string[];
}

/** A user. */
export interface User {
  readonly id: string;
  readonly role: string;
  readonly active: boolean;
}

/** What `POST /keys` takes. */
export interface NewKey {
  readonly userId?: string;
  readonly role?: string;
  readonly name?: string;
  readonly expiresAt?: string;
  readonly permissions?: readonly string[];
}

/** What the page reads from `config.json` beside it, written by the mount function. */
export interface ConsoleConfig {
  readonly apiBase: string;
  readonly superRole: string;
  readonly publicInherits: boolean;
}

/** `GET /me`: the signed-in key and what it may manage. */
export interface Caller {
  readonly kind: "user" | "app";
  readonly userId: string | null;
  readonly keyId: string | null;
  readonly role: string | null;
  readonly scoped: boolean;
  /** For each management permission, whether the key's own role and scope grant it. */
  readonly manages: Readonly<Record<string, boolean>>;
}
