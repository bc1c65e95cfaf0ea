import { describeStoreConformance } from "@keyward/conformance";
import { TEST_DRIVERS } from "../test/drivers";
import { conformanceFixtures, SKIP_REASON } from "../test/pg-fixtures";

// The whole suite once per driver: both must behave the same on the same tables.
for (const driver of TEST_DRIVERS) {
  const { fresh, options } = conformanceFixtures(driver);
  describeStoreConformance(`postgresStore (${driver.name})`, fresh, {
    ...options,
    timeoutMs: 30_000,
    ...(SKIP_REASON === undefined ? {} : { skip: SKIP_REASON }),
  });
}
