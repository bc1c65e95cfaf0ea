import {
  createKeyward,
  type IssuedKey,
  isKeywardError,
  type Keyward,
  type KeywardStore,
} from "@keyward/core";
import { expect } from "vitest";

/** Options of {@link raceRefreshesAcrossConnections}. */
export interface RefreshRaceOptions {
  /** How many instances race. Default: 50. */
  readonly racers?: number;
  /** `storeTimeoutMs` of each racing instance. Default: 30 s (a loaded machine, many connections). */
  readonly storeTimeoutMs?: number;
}

/**
 * Races refreshes of one key from many instances, each over a store of its own (its own pool or
 * client, as separate app processes would have), and asserts what a store must guarantee: every
 * racer reads the key before any swaps, so only the store's compare-and-swap decides; exactly one
 * wins, every other gets `CONFLICT`, the old secret fails and the winner's works. A racer whose
 * read fails still counts, so the others are never left waiting.
 * @param keyward - an instance over the store under test, for the final checks
 * @param issued - the key to refresh, as `keys.create` issued it
 * @param openStore - opens one more store on the same data (called once per racer, in turn)
 * @param options - how many racers, their timeout
 * @returns the winning refresh
 * @example
 * ```ts
 * const issued = await keyward.keys.create({ userId: "alice" });
 * const won = await raceRefreshesAcrossConnections(keyward, issued, () => storeOn(schema, { max: 1 }));
 * ```
 */
export async function raceRefreshesAcrossConnections(
  keyward: Keyward,
  issued: IssuedKey,
  openStore: () => KeywardStore | Promise<KeywardStore>,
  options: RefreshRaceOptions = {},
): Promise<IssuedKey> {
  const count = options.racers ?? 50;
  let read = 0;
  let release!: () => void;
  const allRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  const racers: Keyward[] = [];
  // One at a time: many clients discovering a server (or a cluster) at once crawl on a loaded machine.
  for (let i = 0; i < count; i++) {
    const store = await openStore();
    racers.push(
      createKeyward({
        storeTimeoutMs: options.storeTimeoutMs ?? 30_000,
        store: {
          ...store,
          getKey: async (id) => {
            try {
              return await store.getKey(id);
            } finally {
              if (++read === count) release();
              await allRead;
            }
          },
        },
      }),
    );
  }
  const outcomes = await Promise.allSettled(racers.map((racer) => racer.keys.refresh(issued.record.id)));
  const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
  const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  expect(won).toHaveLength(1);
  expect(lost.every((error) => isKeywardError(error, "CONFLICT"))).toBe(true);
  expect((await keyward.authenticate(issued.key)).ok).toBe(false);
  expect((await keyward.authenticate(won[0]?.key ?? null)).ok).toBe(true);
  return won[0] as IssuedKey;
}
