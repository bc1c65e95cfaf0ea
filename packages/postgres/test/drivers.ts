import type { InvalidationBus, KeywardStore } from "@keyward/core";
import pg from "pg";
import postgres from "postgres";
import type { PostgresBusOptions } from "../src/bus";
import { type PgPoolLike, postgresStore } from "../src/drivers/pg";
import { postgresBus } from "../src/drivers/pg-bus";
import { postgresJsStore } from "../src/drivers/postgres-js";
import { postgresJsBus } from "../src/drivers/postgres-js-bus";
import type { PostgresStoreOptions } from "../src/options";

/** The server the tests use; unset means "skip, and say why". */
export const PG_URL = process.env.KEYWARD_TEST_PG_URL;

/** How to open the pool (or postgres.js instance) under a store. */
export interface PoolSettings {
  /** Default: {@link PG_URL}. */
  readonly url?: string;
  /** Most connections. Default: 4. */
  readonly max?: number;
  /** Give up connecting after this long. Default: the driver's. */
  readonly connectTimeoutMs?: number;
  /**
   * Fill {@link OpenedStore.sent}. pg's pool is then wrapped (its own `query()` calls its `connect()`,
   * so it cannot be patched); without this, the store gets the real `pg.Pool`. Default: false.
   */
  readonly counted?: boolean;
  /** The `application_name` of every connection, the bus's listening one included. */
  readonly applicationName?: string;
}

/** How a test opens a bus next to a store. */
export interface TestBusOptions extends PostgresBusOptions {
  /**
   * Listen through this URL (a proxy the test cuts) on a connection of the bus's own making;
   * default: the driver's default, on the store's pool or instance.
   */
  readonly listenUrl?: string;
}

/** A store on a pool of its own, with what the tests need to look underneath it. */
export interface OpenedStore {
  readonly store: KeywardStore;
  /**
   * The statements the store sent, in order. pg: what reached the pool, a transaction as `BEGIN`;
   * postgres.js: every statement, those of transactions included.
   */
  readonly sent: string[];
  /** Runs SQL on the same pool, not through the store and not counted in {@link OpenedStore.sent}. */
  raw<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** An invalidation bus publishing through the same pool or instance; ended with it. */
  bus(options?: TestBusOptions): InvalidationBus;
  /** Ends the pool; queries still waiting on a dead connection are dropped. */
  end(): Promise<void>;
}

/** One of the package's drivers, as the tests open it. */
export interface TestDriver {
  readonly name: "pg" | "postgres-js";
  open(settings?: PoolSettings, options?: PostgresStoreOptions): OpenedStore;
}

const pgDriver: TestDriver = {
  name: "pg",
  open(settings = {}, options = {}) {
    const pool = new pg.Pool({
      connectionString: settings.url ?? PG_URL,
      max: settings.max ?? 4,
      ...(settings.connectTimeoutMs === undefined
        ? {}
        : { connectionTimeoutMillis: settings.connectTimeoutMs }),
      ...(settings.applicationName === undefined ? {} : { application_name: settings.applicationName }),
    });
    // pg emits the errors of idle connections on the pool, and a pool without a listener crashes.
    pool.on("error", () => {});
    const sent: string[] = [];
    const counting: PgPoolLike = {
      query: ((config: string | pg.QueryConfig, values?: unknown[]) => {
        sent.push(typeof config === "string" ? config : config.text);
        return typeof config === "string" ? pool.query(config, values) : pool.query(config);
      }) as pg.Pool["query"],
      connect: (() => {
        sent.push("BEGIN");
        return pool.connect();
      }) as pg.Pool["connect"],
    };
    return {
      store: postgresStore(settings.counted ? counting : pool, options),
      sent,
      raw: async <Row>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as Row[],
      bus: ({ listenUrl, ...options } = {}) =>
        postgresBus(pool, {
          ...options,
          ...(listenUrl === undefined
            ? {}
            : {
                listener: () =>
                  new pg.Client({ connectionString: listenUrl, application_name: settings.applicationName }),
              }),
        }),
      end: () => pool.end().catch(() => {}),
    };
  },
};

/** Marks the statements of `raw`, which postgres.js's debug hook must not count. */
const RAW = "/* raw */ ";

const postgresJsDriver: TestDriver = {
  name: "postgres-js",
  open(settings = {}, options = {}) {
    const sent: string[] = [];
    const common = {
      ...(settings.connectTimeoutMs === undefined
        ? {}
        : { connect_timeout: settings.connectTimeoutMs / 1000 }),
      ...(settings.applicationName === undefined
        ? {}
        : { connection: { application_name: settings.applicationName } }),
      // As the README advises: reconnect well within a store timeout once the server is back
      // (postgres.js's default waits up to 20 s after repeated failures).
      backoff: () => 0.1,
    };
    const listeners: postgres.Sql[] = [];
    const sql = postgres(settings.url ?? PG_URL ?? "", {
      max: settings.max ?? 4,
      ...common,
      // Called for every statement postgres.js sends, transactions' included.
      debug: (_connection, text) => {
        if (!text.startsWith(RAW)) sent.push(text);
      },
    });
    return {
      store: postgresJsStore(sql, options),
      sent,
      raw: async <Row>(text: string, params: unknown[] = []) =>
        [...(await sql.unsafe(`${RAW}${text}`, params as never[]))] as Row[],
      bus: ({ listenUrl, ...options } = {}) => {
        if (listenUrl === undefined) return postgresJsBus(sql, options);
        const listener = postgres(listenUrl, { max: 1, ...common });
        listeners.push(listener);
        return postgresJsBus(sql, { ...options, listener });
      },
      // A graceful end waits for queries in flight, which never finish on a stalled connection.
      end: async () => {
        await Promise.all(
          [sql, ...listeners.splice(0)].map((each) => each.end({ timeout: 1 }).catch(() => {})),
        );
      },
    };
  },
};

/** Both drivers: every test file that checks store behaviour runs once per driver. */
export const TEST_DRIVERS: readonly TestDriver[] = [pgDriver, postgresJsDriver];
