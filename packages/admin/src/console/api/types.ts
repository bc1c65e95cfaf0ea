import type { Role as CoreRole, User as CoreUser } from "@keyward/core";
import type { KeyRecordJson } from "@keyward/core/adapter";

/**
 * A key record as the management API returns it (never the key itself, never its hash): core's own
 * JSON shape, so the console cannot drift from what the API sends. Its `etag` is sent back as
 * `If-Match` so a refresh or revocation hits the version that was shown.
 */
export type KeyRecord = KeyRecordJson;

/** A key as issued: the plaintext, shown once, and its record. */
export interface IssuedKey {
  readonly key: string;
  readonly record: KeyRecord;
}

/** A role, as the API sends it. */
export type Role = Pick<CoreRole, "appid" | "name" | "permissions">;

/** A user, as the API sends it. */
export type User = Pick<CoreUser, "id" | "role" | "active">;

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
