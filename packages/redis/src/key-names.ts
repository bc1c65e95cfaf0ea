/** Names of every Redis key the store writes, all under one prefix. */
export interface RedisKeyNames {
  readonly prefix: string;
  /** String: the schema version `migrate()` wrote. */
  readonly schemaVersion: string;
  /**
   * Hash per key record, named by the key's hash: `<prefix>key:<hash>`. Authentication, the hot
   * path, is then one plain HMGET; a refresh renames the record.
   */
  record(hash: string): string;
  /** Prefix of the record keys, for scripts that find a record through the id index. */
  readonly recordPrefix: string;
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
 * Derives the key names from a prefix, so several apps can share one server.
 * @param prefix - e.g. `keyward:` or `myapp:keyward:`
 */
export function redisKeyNames(prefix: string): RedisKeyNames {
  return {
    prefix,
    schemaVersion: `${prefix}schema-version`,
    record: (hash) => `${prefix}key:${hash}`,
    recordPrefix: `${prefix}key:`,
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
