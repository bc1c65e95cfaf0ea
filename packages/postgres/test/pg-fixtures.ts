import type { KeywardStore } from "@keyward/core";
import pg from "pg";
import { postgresStore } from "../src/index";

/** The server the tests use; unset means "skip, and say why". */
export const PG_URL = process.env.KEYWARD_TEST_PG_URL;
/** The reason shown when the tests are skipped. */
export const SKIP_REASON = PG_URL ? undefined : "KEYWARD_TEST_PG_URL is not set";

interface Owned {
  readonly pool: pg.Pool;
  readonly schema: string;
  /** Whether cleaning this store up drops the schema (the original does; peers do not). */
  readonly dropsSchema: boolean;
}

const owned = new WeakMap<KeywardStore, Owned>();

/**
 * A schema name no other run uses, so parallel runs and other engineers' tests cannot collide.
 * @param tag - a readable part of the name
 */
export function uniqueSchema(tag = "t"): string {
  return `keyward_${tag}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/**
 * A pool on the test server.
 * @param config - extra pool settings
 */
export function testPool(config: pg.PoolConfig = {}): pg.Pool {
  return new pg.Pool({ connectionString: PG_URL, max: 4, ...config });
}

function open(schema: string, dropsSchema: boolean): KeywardStore {
  const pool = testPool();
  const store = postgresStore(pool, { schema });
  owned.set(store, { pool, schema, dropsSchema });
  return store;
}

/** A fresh store in a new schema on its own pool (not migrated yet). */
export const freshStore = (): KeywardStore => open(uniqueSchema(), true);

/**
 * A second store on the same schema through a separate pool.
 * @param store - a store made here
 */
export async function peerOf(store: KeywardStore): Promise<KeywardStore> {
  return open(ownedBy(store).schema, false);
}

/**
 * The restart a shared server allows: end the pool, open a new one on the same schema.
 * @param store - a store made here
 */
export async function restartOf(store: KeywardStore): Promise<KeywardStore> {
  const { pool, schema, dropsSchema } = ownedBy(store);
  await pool.end();
  return open(schema, dropsSchema);
}

/**
 * Every row of every table in the store's schema, as JSON text.
 * @param store - a store made here
 */
export async function dumpOf(store: KeywardStore): Promise<string> {
  const { pool, schema } = ownedBy(store);
  const { rows: tables } = await pool.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
    [schema],
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await pool.query(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${name}" t`);
    parts.push(`${name}: ${rows.map((row: { row: string }) => row.row).join("\n")}`);
  }
  return parts.join("\n");
}

/**
 * Ends the store's pool; the original also drops its schema.
 * @param store - a store made here
 */
export async function cleanupOf(store: KeywardStore): Promise<void> {
  const { pool, schema, dropsSchema } = ownedBy(store);
  try {
    if (dropsSchema) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}

function ownedBy(store: KeywardStore): Owned {
  const found = owned.get(store);
  if (found === undefined) throw new Error("this store was not made by pg-fixtures");
  return found;
}
