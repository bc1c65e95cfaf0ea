import { KeywardError } from "@keyward/core";

/** The names of the store's tables and indexes for a given prefix. */
export interface TableNames {
  readonly meta: string;
  readonly keys: string;
  readonly roles: string;
  readonly users: string;
  readonly settings: string;
  readonly prefix: string;
}

// Table names are spliced into SQL text (they cannot be bound), so only a plain identifier is taken.
const PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;

/**
 * Table names for a prefix, validated.
 * @param prefix - e.g. `keyward_`
 */
export function tableNames(prefix: string): TableNames {
  if (typeof prefix !== "string" || !PREFIX_PATTERN.test(prefix)) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      "sqliteStore: tablePrefix must be letters, digits or _ (not starting with a digit), at most 41 characters",
    );
  }
  return {
    prefix,
    meta: `${prefix}meta`,
    keys: `${prefix}keys`,
    roles: `${prefix}roles`,
    users: `${prefix}users`,
    settings: `${prefix}settings`,
  };
}

/**
 * The schema, one entry per version: entry `i` takes the schema from version `i` to `i + 1`.
 * Append only; never edit a released step.
 * @param t - the table names
 */
export function migrations(t: TableNames): readonly string[] {
  // Roles, users and settings are small rows read by primary key: WITHOUT ROWID makes each read one
  // B-tree search instead of two, and keeps that plan after ANALYZE.
  const p = t.prefix;
  return [
    `
    CREATE TABLE ${t.keys} (
      id TEXT PRIMARY KEY NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('user', 'app')),
      hash TEXT NOT NULL,
      start TEXT NOT NULL,
      user_id TEXT,
      role TEXT,
      name TEXT,
      permissions TEXT,
      expires_at INTEGER,
      created_at INTEGER NOT NULL,
      last_used_at INTEGER,
      revoked_at INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX ${p}keys_hash ON ${t.keys} (hash);
    CREATE INDEX ${p}keys_user_id ON ${t.keys} (user_id, created_at);
    CREATE INDEX ${p}keys_role ON ${t.keys} (role, created_at);
    CREATE TABLE ${t.roles} (
      appid TEXT PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      permissions TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE ${t.users} (
      id TEXT PRIMARY KEY NOT NULL,
      role TEXT NOT NULL,
      active INTEGER NOT NULL CHECK (active IN (0, 1))
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE ${t.settings} (
      name TEXT PRIMARY KEY NOT NULL,
      value TEXT
    ) STRICT, WITHOUT ROWID;
    `,
  ];
}
