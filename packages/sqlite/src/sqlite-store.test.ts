import { describeStoreConformance } from "@keyward/conformance";
import { testDatabases } from "../test/test-databases";

const databases = testDatabases();

// A temp file per test, not `:memory:`: peers, restarts and the file dump need a real file.
describeStoreConformance("sqlite (better-sqlite3, WAL file)", () => databases.fresh(), {
  openPeer: async (store) => databases.peer(store),
  restart: async (store) => databases.restart(store),
  dumpData: async (store) => databases.dump(store),
  cleanup: async (store) => databases.cleanup(store),
});
