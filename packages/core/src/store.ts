import type { Role, StoredKey, User } from "./types";

/** A value or a promise of it. Stores that answer synchronously (memory, SQLite) skip a microtask. */
export type Awaitable<T> = T | Promise<T>;

/** Which keys {@link KeyStore.listKeys} returns. Unset fields do not filter. */
export interface KeyFilter {
  readonly userId?: string;
  readonly role?: string;
}

/** The new secret of a key being refreshed. */
export interface KeySecret {
  readonly hash: string;
  readonly start: string;
}

/**
 * A key found by its hash together with what authenticating it needs, read in one go (one query,
 * one round trip) by stores that implement {@link KeyStore.lookupKey}.
 */
export interface KeyLookup {
  readonly key: StoredKey;
  /** The owner of a user key, or `null` when the key is an app key or its owner does not exist. */
  readonly user: User | null;
  /**
   * The role the key acts with — its owner's role for a user key, its own role for an app key — or
   * `null` when the key has none or that role does not exist.
   */
  readonly role: Role | null;
}

/**
 * Storage of keys. Implementations only store: every rule about who may do what lives in core.
 * Lookups by hash must be indexed.
 */
export interface KeyStore {
  /** Adds a key. Throws `KeywardError` `CONFLICT` when its id or hash already exists. */
  insertKey(key: StoredKey): Awaitable<void>;
  /** The key with this hash, revoked or not, or `null`. */
  findKeyByHash(hash: string): Awaitable<StoredKey | null>;
  /**
   * Optional: the key with this hash plus its owner and role, as {@link KeyLookup} describes, or
   * `null`. Stores whose every call is a network round trip implement it so that authenticating a
   * user key costs one round trip instead of three. Core checks that what it returns belongs to the
   * key (owner id, role appid) and reads anything that does not match with `getUser` / `getRole`.
   */
  lookupKey?(hash: string): Awaitable<KeyLookup | null>;
  /** The key with this id, or `null`. */
  getKey(id: string): Awaitable<StoredKey | null>;
  /** Keys matching the filter, oldest first. */
  listKeys(filter: KeyFilter): Awaitable<StoredKey[]>;
  /**
   * Atomically replaces the secret of key `id` if, and only if, the key exists, is not revoked and
   * its hash is still `expectedHash` (compare-and-swap). Returns whether it did. The old hash stops
   * matching exactly when the new one starts.
   */
  swapKeySecret(id: string, expectedHash: string, next: KeySecret): Awaitable<boolean>;
  /** Marks the key revoked at `at` unless it already is (the first revocation time is kept). Returns whether the key exists. */
  revokeKey(id: string, at: Date): Awaitable<boolean>;
  /** Records that the key was used at `at`. Best effort. */
  touchKey(id: string, at: Date): Awaitable<void>;
}

/** Storage of roles, keyed by `appid`. */
export interface RoleStore {
  /** Inserts or replaces the role with this appid. */
  saveRole(role: Role): Awaitable<void>;
  getRole(appid: string): Awaitable<Role | null>;
  /** All roles, ordered by appid. */
  listRoles(): Awaitable<Role[]>;
  /** Returns whether a role was removed. */
  deleteRole(appid: string): Awaitable<boolean>;
}

/** Storage of users, keyed by `id`. */
export interface UserStore {
  /** Inserts or replaces the user with this id. */
  saveUser(user: User): Awaitable<void>;
  getUser(id: string): Awaitable<User | null>;
  /** All users, ordered by id. */
  listUsers(): Awaitable<User[]>;
  /** Returns whether a user was removed. */
  deleteUser(id: string): Awaitable<boolean>;
}

/** Storage of the global settings. */
export interface SettingsStore {
  /** The appid of the public role, or `null` when requests without a key are refused. */
  getPublicRole(): Awaitable<string | null>;
  setPublicRole(appid: string | null): Awaitable<void>;
}

/**
 * Everything keyward needs from a database. Pass one to `createKeyward({ store })`.
 * `@keyward/conformance` checks an implementation against a real database.
 */
export interface KeywardStore extends KeyStore, RoleStore, UserStore, SettingsStore {
  /** Creates or upgrades the schema. Idempotent; a no-op where nothing is needed. */
  migrate(): Promise<void>;
  /** Releases what the store owns. Stores given a client by the caller leave it open. */
  close?(): Promise<void>;
}
