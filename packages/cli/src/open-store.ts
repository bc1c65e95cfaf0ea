import { existsSync } from "node:fs";
import type { KeywardStore } from "@keyward/core";
import { CliError, EXIT, storeUnavailable } from "./cli-error";
import { loadDriver, POSTGRES, REDIS, SQLITE } from "./load-driver";
import type { StoreSpec } from "./store-url";

/** A store the CLI opened from a URL, and how to release it. */
export interface OpenedStore {
  readonly store: KeywardStore;
  /** The store's URL with any password hidden, for messages. */
  readonly label: string;
  /** Closes the store and the connection the CLI opened for it. */
  close(): Promise<void>;
}

/** How a command wants the store opened. */
export interface OpenStoreOptions {
  /**
   * Whether a missing SQLite file may be created. Only `migrate` does: for every other command a
   * missing file is a typo in `--store`, and creating an empty database would hide it.
   */
  readonly create: boolean;
  /** Where a store's operational warnings go (e.g. Redis without append-only persistence). */
  readonly warn?: (message: string) => void;
}

/** How long connecting may take before the CLI gives up, so a wrong host fails instead of hanging. */
const CONNECT_TIMEOUT_MS = 5000;

async function openSqlite(spec: Extract<StoreSpec, { kind: "sqlite" }>, options: OpenStoreOptions) {
  if (!options.create && !existsSync(spec.path)) {
    throw new CliError(
      `no database at ${spec.label}`,
      EXIT.usage,
      'create it with "keyward migrate", or point --store / KEYWARD_STORE at an existing one',
    );
  }
  const { default: Database } = await loadDriver("better-sqlite3", SQLITE, () => import("better-sqlite3"));
  const { sqliteStore } = await loadDriver("@keyward/sqlite", SQLITE, () => import("@keyward/sqlite"));
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(spec.path);
  } catch (error) {
    throw storeUnavailable(spec.label, error);
  }
  // A command has no event loop to keep answering: waiting up to 5 s for a server's write to end
  // beats failing an operator's command at once.
  const store = sqliteStore(db, { busyTimeoutMs: 5000 });
  return {
    store,
    label: spec.label,
    close: async () => {
      await store.close?.();
      db.close();
    },
  };
}

async function openPostgres(spec: Extract<StoreSpec, { kind: "postgres" }>) {
  const { default: pg } = await loadDriver("pg", POSTGRES, () => import("pg"));
  const { postgresStore } = await loadDriver(
    "@keyward/postgres",
    POSTGRES,
    () => import("@keyward/postgres"),
  );
  const pool = new pg.Pool({
    connectionString: spec.url,
    max: 2,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle client's error (server restart) must not crash the process with an unhandled event.
  pool.on("error", () => {});
  const store = spec.schema === null ? postgresStore(pool) : postgresStore(pool, { schema: spec.schema });
  return {
    store,
    label: spec.label,
    close: async () => {
      await store.close?.();
      await pool.end();
    },
  };
}

async function openRedis(spec: Extract<StoreSpec, { kind: "redis" }>, options: OpenStoreOptions) {
  const { createClient } = await loadDriver("redis", REDIS, () => import("redis"));
  const { redisStore } = await loadDriver("@keyward/redis", REDIS, () => import("@keyward/redis"));
  // No reconnect loop: a CLI run either reaches the server now or reports that it could not.
  const client = createClient({
    url: spec.url,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: false },
    disableOfflineQueue: true,
  });
  let lastError: unknown = null;
  client.on("error", (error: unknown) => {
    lastError = error;
  });
  try {
    await client.connect();
  } catch (error) {
    throw storeUnavailable(spec.label, lastError ?? error);
  }
  const store = redisStore(client, {
    ...(spec.prefix === null ? {} : { prefix: spec.prefix }),
    ...(options.warn === undefined ? {} : { warn: options.warn }),
  });
  return {
    store,
    label: spec.label,
    close: async () => {
      await store.close?.();
      if (client.isOpen) await client.close();
    },
  };
}

/**
 * Opens the store a `--store` value names, with a connection of its own that `close()` releases.
 * Drivers are loaded only for the store used, so a SQLite user needs neither `pg` nor `redis`.
 * @param spec - the parsed `--store` value
 * @param options - whether a missing SQLite file may be created
 * @example
 * ```ts
 * const opened = await openStore(parseStoreUrl("sqlite:./keyward.db", process.cwd()), { create: false });
 * try { await opened.store.listRoles(); } finally { await opened.close(); }
 * ```
 */
export async function openStore(spec: StoreSpec, options: OpenStoreOptions): Promise<OpenedStore> {
  switch (spec.kind) {
    case "sqlite":
      return openSqlite(spec, options);
    case "postgres":
      return openPostgres(spec);
    case "redis":
      return openRedis(spec, options);
  }
}
