import { KeywardError } from "@keyward/core";
import type { AsyncSqliteClient, SqliteClient, SqlRow, SqlStatement } from "./client";
import { migrations, type TableNames } from "./schema";

const VERSION_KEY = "schema_version";

/**
 * The statement creating the table that holds the schema version (idempotent).
 * @param t - the table names
 */
export function createMetaTable(t: TableNames): string {
  return `CREATE TABLE IF NOT EXISTS ${t.meta} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT`;
}

/**
 * The statement recording the schema version, with its parameters.
 * @param t - the table names
 * @param version - the version reached
 */
export function setVersion(t: TableNames, version: number): SqlStatement {
  return {
    sql: `INSERT INTO ${t.meta} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    params: [VERSION_KEY, String(version)],
  };
}

/**
 * The statements of one schema step, one per entry, as they are written in it (SQLite stores a
 * table's SQL text verbatim, so every way of applying a step must run the same text). A step
 * separates its statements with `;` and has none inside them.
 * @param step - an entry of `migrations()`
 */
export function statementsOf(step: string): string[] {
  return step
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "");
}

// The stored version, or a refusal when a newer keyward migrated this database: running old code
// on it could corrupt it.
function storedVersion(row: SqlRow | undefined, t: TableNames, latest: number): number {
  const current = row === undefined ? 0 : Number(row[0]);
  if (!Number.isInteger(current) || current > latest) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      `sqliteStore: the schema of ${t.prefix}* tables is version ${String(row?.[0])}, newer than this version of @keyward/sqlite (${latest}); upgrade the package`,
    );
  }
  return current;
}

const selectVersion = (t: TableNames) => `SELECT value FROM ${t.meta} WHERE key = ?`;

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
    client.exec(createMetaTable(t));
    const current = storedVersion(client.get(selectVersion(t), [VERSION_KEY]), t, steps.length);
    for (let version = current; version < steps.length; version++) client.exec(steps[version]!);
    const { sql, params } = setVersion(t, steps.length);
    client.run(sql, params);
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

/**
 * {@link migrateSchema} for an asynchronous client, which has no `BEGIN … COMMIT` across calls:
 * the missing steps and the new version go in one batch, which applies whole or not at all. When
 * another instance migrates at the same moment, one batch wins; the other fails on a table that now
 * exists, rolls back whole, and finds the new version on a second look.
 * @param client - the connection
 * @param t - the table names
 * @returns the schema version after migrating
 */
export async function migrateSchemaAsync(client: AsyncSqliteClient, t: TableNames): Promise<number> {
  const steps = migrations(t);
  const read = async () => storedVersion(await client.get(selectVersion(t), [VERSION_KEY]), t, steps.length);
  await client.run(createMetaTable(t), []);
  const current = await read();
  if (current === steps.length) return current;
  const statements = steps
    .slice(current)
    .flatMap(statementsOf)
    .map((sql): SqlStatement => ({ sql, params: [] }));
  try {
    await client.batch([...statements, setVersion(t, steps.length)]);
  } catch (error) {
    if ((await read()) === steps.length) return steps.length;
    throw error;
  }
  return steps.length;
}
