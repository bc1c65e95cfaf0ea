import type { KeywardStore } from "@keyward/core";
import { afterEach } from "vitest";
import type { StoreConformanceOptions, StoreFactory } from "./options";

/** What every group of conformance tests receives: fresh stores, peers and restarts that clean up. */
export interface ConformanceHarness {
  readonly options: StoreConformanceOptions;
  /** A fresh, empty store, migrated twice (migrate must be idempotent). */
  fresh(): Promise<KeywardStore>;
  /** A migrated peer of `store` on a separate connection; requires `options.openPeer`. */
  peer(store: KeywardStore): Promise<KeywardStore>;
  /** The store after a simulated restart, migrated again; requires `options.restart`. */
  restart(store: KeywardStore): Promise<KeywardStore>;
}

/**
 * Builds the harness and registers an `afterEach` that releases every store a test obtained.
 * Must be called inside a `describe` block.
 * @param factory - makes a fresh store
 * @param options - the suite's options
 */
export function createHarness(factory: StoreFactory, options: StoreConformanceOptions): ConformanceHarness {
  // Stores obtained by the running test; peers are pushed after their original, so cleaning up in
  // reverse releases peers first.
  let owned: KeywardStore[] = [];

  afterEach(async () => {
    const stores = owned.reverse();
    owned = [];
    for (const store of stores) {
      if (options.cleanup) await options.cleanup(store);
      else await store.close?.();
    }
  });

  const migrated = async (store: KeywardStore): Promise<KeywardStore> => {
    await store.migrate();
    await store.migrate();
    return store;
  };

  return {
    options,
    fresh: async () => {
      const store = await factory();
      owned.push(store);
      return migrated(store);
    },
    peer: async (store) => {
      if (!options.openPeer) throw new Error("conformance: openPeer is not configured");
      const peer = await options.openPeer(store);
      owned.push(peer);
      return migrated(peer);
    },
    restart: async (store) => {
      if (!options.restart) throw new Error("conformance: restart is not configured");
      const index = owned.indexOf(store);
      const next = await options.restart(store);
      if (index >= 0) owned[index] = next;
      else owned.push(next);
      return migrated(next);
    },
  };
}
