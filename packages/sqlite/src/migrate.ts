import { KeywardError } from "@keyward/core";
import type { SqliteClient } from "./client";
import { migrations, type TableNames } from "./schema";

const VERSION_KEY = "schema_version";

/**
 * Brings the schema to the latest version. Idempotent, and safe from several processes at once:
 * `BEGIN IMMEDIATE` takes the write lock before the version is read, so a second migrator waits
 * (up to the connection's busy timeout), then sees the new version and does nothing.
 * @param client - the connection
 * @param t - the table names
 * @returns the schema version after migrating
 */
export function migrateSchema(client: SqliteClient, t: TableNames): number {
  const steps = migrations(t);
  client.exec("BEGIN IMMEDIATE");
  try {
    client.exec(
      `CREATE TABLE IF NOT EXISTS ${t.meta} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT`,
    );
    const row = client.get(`SELECT value FROM ${t.meta} WHERE key = ?`, [VERSION_KEY]);
    const current = row === undefined ? 0 : Number(row[0]);
    if (!Number.isInteger(current) || current > steps.length) {
      // A newer keyward migrated this database: running old code on it could corrupt it.
      throw new KeywardError(
        "INVALID_ARGUMENT",
        `sqliteStore: the schema of ${t.prefix}* tables is version ${String(row?.[0])}, newer than this version of @keyward/sqlite (${steps.length}); upgrade the package`,
      );
    }
    for (let version = current; version < steps.length; version++) client.exec(steps[version]!);
    client.run(
      `INSERT INTO ${t.meta} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [VERSION_KEY, String(steps.length)],
    );
    client.exec("COMMIT");
    return steps.length;
  } catch (error) {
    try {
      client.exec("ROLLBACK");
    } catch {
      // SQLite already rolled back (some errors end the transaction themselves): nothing to undo.
    }
    throw error;
  }
}
