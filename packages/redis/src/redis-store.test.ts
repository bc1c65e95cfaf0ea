import { describeStoreConformance } from "@keyward/conformance";
import { cleanupOf, dumpOf, freshStore, peerOf, restartOf, SKIP_REASON } from "../test/redis-fixtures";

describeStoreConformance("redisStore", freshStore, {
  openPeer: peerOf,
  restart: restartOf,
  dumpData: dumpOf,
  cleanup: cleanupOf,
  timeoutMs: 30_000,
  ...(SKIP_REASON === undefined ? {} : { skip: SKIP_REASON }),
});
