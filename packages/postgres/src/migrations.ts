import type { TableNames } from "./names";

/**
 * The schema, as numbered steps. A database at version n gets steps n+1… applied in order, so a
 * released step is never edited: a change is a new step. Queries are named prepared statements cached
 * per connection: a step that changes a column's type must come with new query texts (new names), or
 * pooled connections will fail with "cached plan must not change result type".
 * @param t - the table names of this store
 */
export function migrations(t: TableNames): readonly (readonly string[])[] {
  return [
    // Version 1.
    [
      `CREATE TABLE ${t.keys} (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('user', 'app')),
        hash text NOT NULL,
        start text NOT NULL,
        user_id text,
        role text,
        name text,
        permissions jsonb,
        expires_at timestamptz,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        -- Insertion order, to list keys created in the same millisecond the way they were created.
        seq bigint GENERATED ALWAYS AS IDENTITY
      )`,
      `CREATE UNIQUE INDEX ${t.keysHashIndex} ON ${t.keys} (hash)`,
      `CREATE INDEX ${t.keysUserIndex} ON ${t.keys} (user_id, created_at)`,
      `CREATE INDEX ${t.keysRoleIndex} ON ${t.keys} (role, created_at)`,
      `CREATE TABLE ${t.roles} (appid text PRIMARY KEY, name text NOT NULL, permissions jsonb NOT NULL)`,
      `CREATE TABLE ${t.users} (id text PRIMARY KEY, role text NOT NULL, active boolean NOT NULL)`,
      `CREATE TABLE ${t.settings} (name text PRIMARY KEY, value text)`,
    ],
  ];
}

/** The version `migrate()` brings a database to. */
export const SCHEMA_VERSION = 1;
