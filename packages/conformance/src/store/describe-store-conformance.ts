import { describeOrSkip } from "../skip-policy";
import { describeEvents } from "./events";
import { createHarness } from "./harness";
import { describeKeyStorage } from "./keys";
import { describeKeyLifecycle } from "./lifecycle";
import { describeKeyLookup } from "./lookup";
import type { StoreConformanceOptions, StoreFactory } from "./options";
import { describeRefreshRace } from "./refresh-race";
import { describeRolesAndUsers } from "./roles-users";
import { describeSecrets } from "./secrets";
import { describeSettings } from "./settings";

/**
 * Registers the vitest suite every keyward store must pass: key storage and lookups, uniqueness,
 * listing order, the atomic refresh under a 50-way race, revocation, exact round-trips of dates and
 * permissions, roles, users and the public role, at the store level and through
 * `createKeyward({ store })`, plus secrecy of keys and durability across restarts when the options
 * allow checking them.
 *
 * Call it at the top level of a `*.test.ts` file. Each test gets a fresh store from `factory`, calls
 * `migrate()` on it twice, and releases it afterwards (see {@link StoreConformanceOptions.cleanup}).
 *
 * @param name - shown in the report, e.g. `"sqlite"`
 * @param factory - makes a fresh, empty store for each test
 * @param options - peers, dumps, restarts, cleanup and skipping; see {@link StoreConformanceOptions}
 *
 * @example
 * ```ts
 * // memory-store.test.ts
 * import { memoryStore } from "@keyward/core";
 * import { describeStoreConformance } from "@keyward/conformance";
 *
 * describeStoreConformance("memoryStore", () => memoryStore());
 *
 * // postgres.test.ts: skipped, with the reason, when no server is configured (a failure in CI)
 * const url = process.env.KEYWARD_TEST_PG_URL;
 * describeStoreConformance("postgres", () => freshPostgresStore(url), {
 *   skip: url ? undefined : "KEYWARD_TEST_PG_URL is not set",
 * });
 * ```
 */
export function describeStoreConformance(
  name: string,
  factory: StoreFactory,
  options: StoreConformanceOptions = {},
): void {
  const title = `${name}: store conformance`;
  const body = () => {
    const h = createHarness(factory, options);
    describeKeyStorage(h);
    describeKeyLookup(h);
    describeRefreshRace(h);
    describeKeyLifecycle(h);
    describeRolesAndUsers(h);
    describeSettings(h);
    describeSecrets(h);
    describeEvents(h);
  };
  const settings = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
  describeOrSkip(title, options.skip, body, settings);
}
