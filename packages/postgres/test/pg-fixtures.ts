import type { StoreConformanceOptions } from "@keyward/conformance";
import type { KeywardStore } from "@keyward/core";
import pg from "pg";
import type { PostgresStoreOptions } from "../src/options";
import { PG_URL, type PoolSettings, type TestDriver } from "./drivers";

export { PG_URL } from "./drivers";
/** The reason shown when the tests are skipped. */
export const SKIP_REASON = PG_URL ? undefined : "KEYWARD_TEST_PG_URL is not set";

/**
 * A schema name no other run uses, so parallel runs and other engineers' tests cannot collide.
 * @param tag - a readable part of the name
 */
export function uniqueSchema(tag = "t"): string {
  return `keyward_${tag}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/**
 * A `pg` pool on the test server, for setting up and inspecting what a store wrote, whatever its driver.
 * @param config - extra pool settings
 */
export function testPool(config: pg.PoolConfig = {}): pg.Pool {
  return new pg.Pool({ connectionString: PG_URL, max: 4, ...config });
}

/**
 * Drops schemas through a short-lived pool of its own, on a direct connection.
 * @param names - the schemas
 * @param url - the database holding them. Default: {@link PG_URL}
 */
export async function dropSchemas(names: readonly string[], url = PG_URL): Promise<void> {
  if (names.length === 0) return;
  const admin = testPool({ max: 1, connectionString: url });
  try {
    for (const name of names) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await admin.end();
  }
}

/**
 * Every row of every table in a schema, as JSON text.
 * @param schema - the schema
 * @param url - the database holding it
 */
async function dumpSchema(schema: string, url: string | undefined): Promise<string> {
  const admin = testPool({ max: 1, connectionString: url });
  try {
    const { rows: tables } = await admin.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
      [schema],
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await admin.query(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${name}" t`);
      parts.push(`${name}: ${rows.map((row: { row: string }) => row.row).join("\n")}`);
    }
    return parts.join("\n");
  } finally {
    await admin.end();
  }
}

interface Owned {
  readonly end: () => Promise<void>;
  readonly schema: string;
  /** Whether cleaning this store up drops the schema (the original does; peers do not). */
  readonly dropsSchema: boolean;
}

/** Where {@link conformanceFixtures} opens its stores, when not directly on {@link PG_URL}. */
export interface FixtureSetup {
  /** How every store's pool is opened (its `url`: through PgBouncer, say). */
  readonly settings?: PoolSettings;
  /** Store options besides the schema. */
  readonly options?: Omit<PostgresStoreOptions, "schema">;
  /** A direct URL of the same database, to dump and drop schemas. Default: {@link PG_URL}. */
  readonly adminUrl?: string;
}

/**
 * What `describeStoreConformance` needs to check a driver fully: fresh stores in new schemas on
 * pools of their own, peers on separate pools, a restart (end the pool, open a new one on the same
 * schema, as a shared server allows), a dump of every table, and cleanup.
 * @param driver - the driver under test
 * @param setup - where to open the stores; default: directly on {@link PG_URL}
 */
export function conformanceFixtures(
  driver: TestDriver,
  setup: FixtureSetup = {},
): {
  readonly fresh: () => KeywardStore;
  readonly options: Required<Pick<StoreConformanceOptions, "openPeer" | "restart" | "dumpData" | "cleanup">>;
} {
  const owned = new WeakMap<KeywardStore, Owned>();
  const open = (schema: string, dropsSchema: boolean): KeywardStore => {
    const { store, end } = driver.open(setup.settings, { ...setup.options, schema });
    owned.set(store, { end, schema, dropsSchema });
    return store;
  };
  const ownedBy = (store: KeywardStore): Owned => {
    const found = owned.get(store);
    if (found === undefined) throw new Error("this store was not made by conformanceFixtures");
    return found;
  };
  return {
    fresh: () => open(uniqueSchema(), true),
    options: {
      openPeer: async (store) => open(ownedBy(store).schema, false),
      restart: async (store) => {
        const { end, schema, dropsSchema } = ownedBy(store);
        await end();
        return open(schema, dropsSchema);
      },
      dumpData: (store) => dumpSchema(ownedBy(store).schema, setup.adminUrl ?? PG_URL),
      cleanup: async (store) => {
        const { end, schema, dropsSchema } = ownedBy(store);
        try {
          if (dropsSchema) await dropSchemas([schema], setup.adminUrl);
        } finally {
          await end();
        }
      },
    },
  };
}
