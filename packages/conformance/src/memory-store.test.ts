import { type KeywardStore, memoryStore } from "@keyward/core";
import { describeStoreConformance } from "./index";

describeStoreConformance("memoryStore", () => memoryStore());

/** Everything a memory store holds, as JSON: what `dumpData` means for a store without a database. */
async function dumpMemory(store: KeywardStore): Promise<string> {
  const [keys, roles, users, publicRole] = await Promise.all([
    store.listKeys({}),
    store.listRoles(),
    store.listUsers(),
    store.getPublicRole(),
  ]);
  return JSON.stringify({ keys, roles, users, publicRole });
}

// A memory store has no second connection, but a second handle on the same instance still drives
// the suite's peer paths (the race across handles, peer visibility), so they are checked here too.
describeStoreConformance("memoryStore with a peer handle and a dump", () => memoryStore(), {
  openPeer: async (store) => ({ ...store }),
  dumpData: dumpMemory,
});
