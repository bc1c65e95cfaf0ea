import { afterEach, vi } from "vitest";
import {
  type ClientSetup,
  deletePrefix,
  type TestClient,
  type TestDriver,
  uniquePrefix,
} from "./redis-fixtures";
import { startThrowawayRedis, type ThrowawayRedis } from "./redis-server";

/** What a test made and must release: clients, throwaway servers, key prefixes. */
export interface Harness {
  /** Runs `cleanup` after the current test (newest first). */
  defer(cleanup: () => Promise<void>): void;
  /** A connected client of `driver`, closed after the test. */
  client(driver: TestDriver, url?: string, setup?: ClientSetup): Promise<TestClient>;
  /** A throwaway redis-server, stopped and deleted after the test. */
  server(config?: Parameters<typeof startThrowawayRedis>[0]): Promise<ThrowawayRedis>;
  /** A fresh key prefix whose keys are deleted (through `on`) after the test. */
  prefix(on: TestClient): string;
}

/** Registers an `afterEach` that releases, newest first, everything the returned harness made. */
export function useHarness(): Harness {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
    vi.restoreAllMocks();
  });
  return {
    defer: (cleanup) => {
      cleanups.push(cleanup);
    },
    async client(driver, url, setup) {
      const made = await driver.connect(url, setup);
      cleanups.push(() => made.close());
      return made;
    },
    async server(config) {
      const made = await startThrowawayRedis(config);
      cleanups.push(() => made.dispose());
      return made;
    },
    prefix(on) {
      const made = uniquePrefix("x");
      cleanups.push(() => deletePrefix(on, made));
      return made;
    },
  };
}
