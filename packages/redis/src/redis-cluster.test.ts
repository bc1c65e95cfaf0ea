import { describeStoreConformance } from "@keyward/conformance";
import { storeFixtures } from "../test/redis-fixtures";
import { CLUSTER_DRIVERS, CLUSTER_SKIP_REASON } from "../test/shared-cluster";

// The whole store suite on a 3-master Redis Cluster, once per library's cluster client: peers on
// separate cluster clients, the 50-way refresh race, a dump of every key of the store's slot, and
// an app restart (a new cluster client).
for (const driver of CLUSTER_DRIVERS) {
  const fixtures = storeFixtures(driver);
  describeStoreConformance(`redisStore (${driver.name})`, fixtures.freshStore, {
    openPeer: fixtures.peerOf,
    restart: fixtures.restartOf,
    dumpData: fixtures.dumpOf,
    cleanup: fixtures.cleanupOf,
    timeoutMs: 60_000,
    ...(CLUSTER_SKIP_REASON === undefined ? {} : { skip: CLUSTER_SKIP_REASON }),
  });
}
