import { describeStoreConformance } from "@keyward/conformance";
import { DRIVERS, SKIP_REASON, storeFixtures } from "../test/redis-fixtures";

// The same suite once per client library: both drivers share the scripts and the layout, and each
// must pass on its own.
for (const driver of DRIVERS) {
  const fixtures = storeFixtures(driver);
  describeStoreConformance(`redisStore (${driver.name})`, fixtures.freshStore, {
    openPeer: fixtures.peerOf,
    restart: fixtures.restartOf,
    dumpData: fixtures.dumpOf,
    cleanup: fixtures.cleanupOf,
    timeoutMs: 30_000,
    ...(SKIP_REASON === undefined ? {} : { skip: SKIP_REASON }),
  });
}
