import type { KeywardStore } from "@keyward/core";

/**
 * Makes the store under test. Called once per test: it must return a fresh, empty store (a new
 * database file, schema or key prefix). The suite calls `migrate()` itself, twice, so the factory may
 * return a store that is not migrated yet.
 */
export type StoreFactory = () => Promise<KeywardStore> | KeywardStore;

/**
 * What a store needs beyond {@link StoreFactory} to be checked fully. Every option is optional:
 * the checks that need one are reported as skipped when it is absent, the reason in their title, so
 * the report shows what was not covered. With `CI=true` such a skip fails the run unless it is
 * allowed (see `skipsFail` and `AllowedSkip`).
 *
 * @example
 * ```ts
 * describeStoreConformance("sqlite", () => sqliteStore(new Database(freshFile())), {
 *   openPeer: async (store) => sqliteStore(new Database(fileOf(store))),
 *   restart: async (store) => { closeDb(store); return sqliteStore(new Database(fileOf(store))); },
 *   dumpData: async (store) => dumpFile(fileOf(store)),
 *   cleanup: async (store) => closeDb(store),
 * });
 * ```
 */
export interface StoreConformanceOptions {
  /**
   * A second store on the same data through a separate connection (another pool, client or
   * database handle). When given, the refresh race is run across three connections (the original
   * and two peers), and data written through one must be visible through the other. The suite
   * migrates peers too, so migrating an already-migrated database from a second connection is
   * checked as well. Peers are passed to {@link StoreConformanceOptions.cleanup} after the test.
   * @param store - the store the peer must share data with
   */
  readonly openPeer?: (store: KeywardStore) => Promise<KeywardStore>;
  /**
   * Everything the store holds for this test, as text (e.g. an SQL dump, every Redis key and value).
   * The suite then asserts that no plaintext key, nor its 40 hex characters, appear anywhere in it,
   * and that the ids of the keys do (so an empty dump cannot pass).
   * @param store - the store to dump
   */
  readonly dumpData?: (store: KeywardStore) => Promise<string>;
  /**
   * Simulates a process or server restart: close `store` (and what it owns) and return a new store
   * on the same data. The returned store replaces the old one for cleanup; the old one is not
   * passed to {@link StoreConformanceOptions.cleanup}. Revocations, refreshes, roles, users and the
   * public role must survive it.
   * @param store - the store to restart
   */
  readonly restart?: (store: KeywardStore) => Promise<KeywardStore>;
  /**
   * Releases what the factory, `openPeer` or `restart` made for a store (close a database, drop a
   * schema, delete a file). Called once per store after each test, peers before the original.
   * Default: `store.close?.()`.
   * @param store - a store the suite obtained during the test
   */
  readonly cleanup?: (store: KeywardStore) => Promise<void>;
  /**
   * When set, the whole suite is reported as skipped with this reason (e.g. "KEYWARD_TEST_PG_URL is
   * not set"). The tests are still collected, so a run shows what was skipped and why. With
   * `CI=true` a failing test takes the suite's place instead, unless the skip is allowed.
   */
  readonly skip?: string;
  /** Timeout of each test in milliseconds, for stores behind a slow network. Default: vitest's. */
  readonly timeoutMs?: number;
}
