/** Names of every Redis key the store writes, all under one prefix. */
export interface RedisKeyNames {
  /** What every name starts with. */
  readonly prefix: string;
  /** String: the schema version `migrate()` wrote. */
  readonly schemaVersion: string;
  /**
   * Hash per key record, named by the key's hash: `<prefix>key:<hash>`. Authentication, the hot
   * path, then knows the record's name from the key alone; a refresh renames the record.
   */
  record(hash: string): string;
  /** Hash: key id → key hash (where the record lives now). */
  readonly byId: string;
  /** Sorted set of every key id, scored by insertion order. */
  readonly all: string;
  /** Sorted set of one user's key ids. */
  byUser(userId: string): string;
  /** Sorted set of one role's (app) key ids. */
  byRole(role: string): string;
  /** Counter giving each inserted key its insertion order. */
  readonly sequence: string;
  /** Hash: appid → role JSON. */
  readonly roles: string;
  /** Hash: user id → user JSON. */
  readonly users: string;
  /** Hash: setting name → value. */
  readonly settings: string;
}

/**
 * The key names under a prefix. The store passes its hash-tagged prefix (see `taggedPrefix`), so
 * every name lands in one cluster slot; `migrate()` also passes the prefix as the user gave it, to
 * find data written by version 1, which did not tag its names.
 * @param prefix - e.g. `{keyward}:`
 */
export function redisKeyNames(prefix: string): RedisKeyNames {
  return {
    prefix,
    schemaVersion: `${prefix}schema-version`,
    record: (hash) => `${prefix}key:${hash}`,
    byId: `${prefix}keys:by-id`,
    all: `${prefix}keys:all`,
    byUser: (userId) => `${prefix}keys:by-user:${userId}`,
    byRole: (role) => `${prefix}keys:by-role:${role}`,
    sequence: `${prefix}keys:sequence`,
    roles: `${prefix}roles`,
    users: `${prefix}users`,
    settings: `${prefix}settings`,
  };
}
