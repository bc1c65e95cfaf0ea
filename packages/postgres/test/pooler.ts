import { afterAll, beforeAll } from "vitest";
import {
  ensureDatabase,
  findPgBouncer,
  type PgBouncer,
  type PgBouncerOptions,
  startPgBouncer,
} from "../src/test-support/pgbouncer";
import { PG_URL } from "./drivers";

/**
 * The database the PgBouncer tests use, created on the test server when missing: their connections
 * and pools stay apart from the other tests' (which use the server's default database).
 */
export const POOLER_DATABASE = "keyward_pgbouncer_test";

/** Why the PgBouncer tests cannot run here, or `undefined` when they can. */
export const POOLER_SKIP_REASON =
  PG_URL === undefined
    ? "KEYWARD_TEST_PG_URL is not set"
    : findPgBouncer() === undefined
      ? "pgbouncer is not installed (apt-get install pgbouncer)"
      : undefined;

/** A PgBouncer of the current describe block, and the direct URL of the database behind it. */
export interface PoolerHandle {
  /** The running PgBouncer; throws before `beforeAll` ran. */
  readonly bouncer: PgBouncer;
  /** The same database, directly (for setup, inspection and dropping schemas). */
  readonly directUrl: string;
}

/**
 * Starts a PgBouncer in front of {@link POOLER_DATABASE} before the tests of the enclosing describe
 * block and kills it after them, whether they passed or not. Does nothing when
 * {@link POOLER_SKIP_REASON} is set (the block is skipped then).
 * @param options - pool mode and size
 */
export function usePgBouncer(options: Omit<PgBouncerOptions, "serverUrl"> = {}): PoolerHandle {
  let bouncer: PgBouncer | undefined;
  let directUrl: string | undefined;
  beforeAll(async () => {
    if (POOLER_SKIP_REASON !== undefined || PG_URL === undefined) return;
    directUrl = await ensureDatabase(PG_URL, POOLER_DATABASE);
    bouncer = await startPgBouncer({ ...options, serverUrl: directUrl });
  }, 60_000);
  afterAll(async () => {
    await bouncer?.close();
  });
  return {
    get bouncer() {
      if (bouncer === undefined) throw new Error("PgBouncer is not running (beforeAll has not run)");
      return bouncer;
    },
    get directUrl() {
      if (directUrl === undefined) throw new Error("PgBouncer is not running (beforeAll has not run)");
      return directUrl;
    },
  };
}
