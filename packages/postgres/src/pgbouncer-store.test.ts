import { describeStoreConformance } from "@keyward/conformance";
import { TEST_DRIVERS } from "../test/drivers";
import { conformanceFixtures } from "../test/pg-fixtures";
import { POOLER_SKIP_REASON, usePgBouncer } from "../test/pooler";

// The whole suite once per driver through PgBouncer in transaction mode, two server connections
// shared by every pool: with the default options (the store finds the pooler and sends unnamed
// statements) and with `prepare: false` (said up front). Session state left by any statement
// would reach another test's statements through the shared server connections.
const pooler = usePgBouncer({ poolMode: "transaction", poolSize: 2 });

for (const driver of TEST_DRIVERS) {
  for (const [mode, options] of [
    ["default options", {}],
    ["prepare: false", { prepare: false }],
  ] as const) {
    const { fresh, options: hooks } = conformanceFixtures(driver, {
      get settings() {
        return { url: pooler.bouncer.url };
      },
      options,
      get adminUrl() {
        return pooler.directUrl;
      },
    });
    describeStoreConformance(`postgresStore (${driver.name}) through PgBouncer, ${mode}`, fresh, {
      ...hooks,
      timeoutMs: 60_000,
      ...(POOLER_SKIP_REASON === undefined ? {} : { skip: POOLER_SKIP_REASON }),
    });
  }
}
