import { KeywardError } from "@keyward/core";
import { migrations, SCHEMA_VERSION } from "./migrations";
import type { TableNames } from "./names";
import type { SqlClient } from "./sql-client";

/**
 * Creates or upgrades the schema in one transaction. Safe to run from several processes at once:
 * `pg_advisory_xact_lock` makes them take turns (even `CREATE … IF NOT EXISTS` races without it), and
 * the lock is released by the commit or rollback, so a crashed migration cannot leave it held.
 * @param client - the store's client
 * @param t - the table names
 * @returns the schema version after the run
 */
export async function migrate(client: SqlClient, t: TableNames): Promise<number> {
  return client.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [t.lockName]);
    // `IF NOT EXISTS` reports each existing object as a NOTICE, expected on every re-run; postgres.js
    // prints notices to the console by default. For this transaction only.
    await tx.query("SET LOCAL client_min_messages = warning");
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${t.schemaVersion} (
        id smallint PRIMARY KEY CHECK (id = 1),
        version integer NOT NULL
      )`,
    );
    const { rows } = await tx.query<{ version: number }>(
      `SELECT version FROM ${t.schemaVersion} WHERE id = 1`,
    );
    const current = rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      // A newer release migrated this database; running old queries against it could corrupt it.
      throw new KeywardError(
        "CONFLICT",
        `@keyward/postgres: the schema is at version ${current}, newer than this release supports (${SCHEMA_VERSION})`,
      );
    }
    const steps = migrations(t);
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      for (const statement of steps[version - 1] ?? []) await tx.query(statement);
    }
    await tx.query(
      `INSERT INTO ${t.schemaVersion} (id, version) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version`,
      [SCHEMA_VERSION],
    );
    return SCHEMA_VERSION;
  });
}
