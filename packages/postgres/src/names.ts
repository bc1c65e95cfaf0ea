import { KeywardError } from "@keyward/core";

/** PostgreSQL truncates identifiers longer than this, which would silently merge two names. */
const MAX_IDENTIFIER = 63;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Fully quoted names of everything the store creates. */
export interface TableNames {
  readonly schema: string;
  readonly keys: string;
  readonly roles: string;
  readonly users: string;
  readonly settings: string;
  readonly schemaVersion: string;
  /** Unquoted index names, for `CREATE INDEX` (they live in the table's schema). */
  readonly keysHashIndex: string;
  readonly keysUserIndex: string;
  readonly keysRoleIndex: string;
  /**
   * Text hashed into the advisory lock key. Per schema, not per prefix: two prefixes migrating into
   * one new schema would otherwise race on `CREATE SCHEMA IF NOT EXISTS`.
   */
  readonly lockName: string;
}

function requireIdentifier(field: string, value: unknown, allowEmpty: boolean): string {
  if (
    typeof value !== "string" ||
    (!allowEmpty && value.length === 0) ||
    (value.length > 0 && !IDENTIFIER.test(value))
  ) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      `@keyward/postgres: ${field} must be lowercase letters, digits and underscores, starting with a letter or underscore`,
    );
  }
  return value;
}

const quote = (name: string): string => `"${name}"`;

/**
 * Validates the `schema` and `tablePrefix` options and derives every table name from them. Names are
 * restricted to a safe alphabet because they are spliced into SQL (identifiers cannot be parameters).
 * @param schema - the PostgreSQL schema holding the tables
 * @param tablePrefix - prepended to every table and index name
 */
export function tableNames(schema: unknown, tablePrefix: unknown): TableNames {
  const s = requireIdentifier("schema", schema, false);
  const p = requireIdentifier("tablePrefix", tablePrefix, true);
  const bare = (suffix: string): string => {
    const name = `${p}${suffix}`;
    if (name.length > MAX_IDENTIFIER || s.length > MAX_IDENTIFIER) {
      throw new KeywardError("INVALID_ARGUMENT", "@keyward/postgres: schema or tablePrefix is too long");
    }
    return name;
  };
  const table = (suffix: string): string => `${quote(s)}.${quote(bare(suffix))}`;
  return {
    schema: quote(s),
    keys: table("keys"),
    roles: table("roles"),
    users: table("users"),
    settings: table("settings"),
    schemaVersion: table("schema_version"),
    keysHashIndex: quote(bare("keys_hash_key")),
    keysUserIndex: quote(bare("keys_user_id_idx")),
    keysRoleIndex: quote(bare("keys_role_idx")),
    lockName: `keyward:${s}`,
  };
}
