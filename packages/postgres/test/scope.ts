import type { PostgresStoreOptions } from "../src/options";
import type { OpenedStore, PoolSettings, TestDriver } from "./drivers";
import { dropSchemas, uniqueSchema } from "./pg-fixtures";

/** What one test opened, released by {@link TestScope.release}. */
export interface TestScope {
  /** A new schema name, dropped after the test. */
  schema(tag?: string): string;
  /** A store on a new pool of `driver`, ended after the test. */
  open(driver: TestDriver, settings?: PoolSettings, options?: PostgresStoreOptions): OpenedStore;
  /** Runs `release` after the test, before pools end (a proxy in front of them, for example). */
  defer(release: () => Promise<void>): void;
  /** Releases everything: deferred work first, then pools, then schemas (no pool holds a lock by then). */
  release(): Promise<void>;
}

/**
 * A fresh {@link TestScope}; call `release()` from `afterEach`.
 * @param adminUrl - a direct URL of the database the schemas are made in, or a function giving it
 *   when the scope releases (once a `beforeAll` has made it). Default: `KEYWARD_TEST_PG_URL`
 */
export function testScope(adminUrl?: string | (() => string)): TestScope {
  const deferred: (() => Promise<void>)[] = [];
  const pools: (() => Promise<void>)[] = [];
  const schemas: string[] = [];
  return {
    schema(tag = "x") {
      const name = uniqueSchema(tag);
      schemas.push(name);
      return name;
    },
    open(driver, settings = {}, options = {}) {
      const opened = driver.open(settings, options);
      pools.push(opened.end);
      return opened;
    },
    defer(release) {
      deferred.push(release);
    },
    async release() {
      for (const release of deferred.splice(0)) await release();
      await Promise.all(pools.splice(0).map((end) => end()));
      const dropped = schemas.splice(0);
      if (dropped.length > 0)
        await dropSchemas(dropped, typeof adminUrl === "function" ? adminUrl() : adminUrl);
    },
  };
}
