/** Names of every Redis key the store writes, all under one prefix. */
export interface RedisKeyNames {
  readonly prefix: string;
  /** String: the schema version `migrate()` wrote. */
  readonly schemaVersion: string;
  /** Hash per key record: `<prefix>key:<id>`. */
  record(id: string): string;
  /** Prefix of the record keys, for scripts that read a record found through an index. */
  readonly recordPrefix: string;
  /** Hash: key hash → key id. */
  readonly byHash: string;
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
    record: (id) => `${prefix}key:${id}`,
    recordPrefix: `${prefix}key:`,
    byHash: `${prefix}keys:by-hash`,
    all: `${prefix}keys:all`,
    byUser: (userId) => `${prefix}keys:by-user:${userId}`,
    byRole: (role) => `${prefix}keys:by-role:${role}`,
    sequence: `${prefix}keys:sequence`,
    roles: `${prefix}roles`,
    users: `${prefix}users`,
    settings: `${prefix}settings`,
  };
}
