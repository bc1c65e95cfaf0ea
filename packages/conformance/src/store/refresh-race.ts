import { createKeyward, type KeywardStore } from "@keyward/core";
import { describe, expect, it } from "vitest";
import { at, errorOf, randomHex, seededKeyward, testClock, userKey } from "./fixtures";
import type { ConformanceHarness } from "./harness";

/** How many refreshes of one key race. */
const RACERS = 50;

const secret = () => {
  const hex = randomHex(40);
  return { hash: randomHex(64), start: `USR-${hex.slice(0, 8)}` };
};

/**
 * The compare-and-swap behind `keys.refresh`: exactly one of many racing swaps wins, and afterwards
 * exactly one secret is valid. Run through one connection, and across peers when `openPeer` is set.
 * @param h - the harness
 */
export function describeRefreshRace(h: ConformanceHarness): void {
  describe("swapKeySecret (refresh)", () => {
    it("swaps when the expected hash matches: the old hash stops matching, the new one starts", async () => {
      const store = await h.fresh();
      const key = userKey({ name: "n", permissions: ["a/b"], expiresAt: at(86_400_000) });
      await store.insertKey(key);
      const next = secret();
      expect(await store.swapKeySecret(key.id, key.hash, next)).toBe(true);
      expect(await store.findKeyByHash(key.hash)).toBeNull();
      expect(await store.findKeyByHash(next.hash)).toEqual({ ...key, ...next });
      expect(await store.getKey(key.id)).toEqual({ ...key, ...next });
    });

    it("refuses a wrong expected hash, a revoked key and an unknown id, changing nothing", async () => {
      const store = await h.fresh();
      const key = userKey();
      const revoked = userKey({ revokedAt: at(5) });
      await store.insertKey(key);
      await store.insertKey(revoked);
      expect(await store.swapKeySecret(key.id, randomHex(64), secret())).toBe(false);
      expect(await store.swapKeySecret(revoked.id, revoked.hash, secret())).toBe(false);
      expect(await store.swapKeySecret(crypto.randomUUID(), key.hash, secret())).toBe(false);
      expect(await store.getKey(key.id)).toEqual(key);
      expect(await store.getKey(revoked.id)).toEqual(revoked);
    });

    it("refuses a new hash that another key already has, with CONFLICT, changing nothing", async () => {
      const store = await h.fresh();
      const key = userKey();
      const other = userKey();
      await store.insertKey(key);
      await store.insertKey(other);
      const error = await errorOf(() =>
        store.swapKeySecret(key.id, key.hash, { hash: other.hash, start: "x" }),
      );
      expect(error.code).toBe("CONFLICT");
      expect(error.message).not.toContain(other.hash);
      expect(await store.getKey(key.id)).toEqual(key);
      expect(await store.findKeyByHash(other.hash)).toEqual(other);
    });

    it(`lets exactly one of ${RACERS} concurrent swaps win`, async () => {
      const store = await h.fresh();
      const key = userKey();
      await store.insertKey(key);
      const stores = await connections(h, store);
      const nexts = Array.from({ length: RACERS }, secret);
      const results = await Promise.all(
        nexts.map((next, i) => stores[i % stores.length]!.swapKeySecret(key.id, key.hash, next)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = nexts[results.indexOf(true)]!;
      const found = await Promise.all(nexts.map((next) => store.findKeyByHash(next.hash)));
      expect(found.filter((k) => k !== null)).toHaveLength(1);
      expect((await store.getKey(key.id))?.hash).toBe(winner.hash);
      expect(await store.findKeyByHash(key.hash)).toBeNull();
    });

    it(`through keyward.keys.refresh: one of ${RACERS} wins, the rest get CONFLICT, one secret works`, async () => {
      const store = await h.fresh();
      const clock = testClock();
      const keyward = await seededKeyward(store, clock);
      const { key: original, record } = await keyward.keys.create({ userId: "alice" });
      // Every racer reads the key before any swap reaches the store, whatever the pool sizes: then
      // the only thing deciding the winner is the store's compare-and-swap, which is what is tested.
      const gate = barrier(RACERS);
      const instances = (await connections(h, store)).map((s) =>
        createKeyward({ store: gated(s, gate), now: clock.now }),
      );
      const outcomes = await Promise.allSettled(
        Array.from({ length: RACERS }, (_, i) => instances[i % instances.length]!.keys.refresh(record.id)),
      );
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o) => o.status === "rejected");
      expect(won).toHaveLength(1);
      for (const failure of lost) expect((failure.reason as { code?: unknown }).code).toBe("CONFLICT");
      const winnerKey = won[0]!.value.key;
      const candidates = [
        original,
        ...outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.key] : [])),
      ];
      const valid = [];
      for (const candidate of candidates) {
        if ((await keyward.authenticate(candidate)).ok) valid.push(candidate);
      }
      expect(valid).toEqual([winnerKey]);
      expect((await keyward.authenticate(original)).ok).toBe(false);
      expect((await keyward.keys.get(record.id))?.start).toBe(winnerKey.slice(0, 12));
    });

    it("through keyward.keys.refresh with ifMatch: an etag a refresh made stale is PRECONDITION_FAILED", async () => {
      const store = await h.fresh();
      const keyward = await seededKeyward(store, testClock());
      const { record } = await keyward.keys.create({ userId: "alice" });
      const first = await keyward.keys.refresh(record.id, { ifMatch: record.etag });
      const stale = await errorOf(() => keyward.keys.refresh(record.id, { ifMatch: record.etag }));
      expect(stale.code).toBe("PRECONDITION_FAILED");
      expect((await keyward.authenticate(first.key)).ok).toBe(true);
      expect((await keyward.keys.get(record.id))?.etag).toBe(first.record.etag);
    });

    it.each([
      ["as they come", false],
      ["after every racer read the key", true],
    ])(
      `through keyward.keys.refresh with one ifMatch, ${RACERS} racing %s: exactly one wins, only its key works`,
      async (_label, gate) => {
        const store = await h.fresh();
        const clock = testClock();
        const keyward = await seededKeyward(store, clock);
        const { key: original, record } = await keyward.keys.create({ userId: "alice" });
        // Ungated is the race an HTTP client sees: later racers may read the key after the winner
        // swapped it, and must then fail on the version instead of rotating the winner's key away.
        const gates = gate ? barrier(RACERS) : null;
        const instances = (await connections(h, store)).map((s) =>
          createKeyward({ store: gates === null ? s : gated(s, gates), now: clock.now }),
        );
        const outcomes = await Promise.allSettled(
          Array.from({ length: RACERS }, (_, i) =>
            instances[i % instances.length]!.keys.refresh(record.id, { ifMatch: record.etag }),
          ),
        );
        const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
        expect(won).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === "rejected") {
            expect(["PRECONDITION_FAILED", "CONFLICT"]).toContain(
              (outcome.reason as { code?: unknown }).code,
            );
          }
        }
        const winner = won[0]!;
        expect((await keyward.authenticate(winner.key)).ok).toBe(true);
        expect((await keyward.authenticate(original)).ok).toBe(false);
        expect((await keyward.keys.get(record.id))?.etag).toBe(winner.record.etag);
      },
    );
  });
}

/** The store plus, when `openPeer` is configured, two peers on separate connections. */
async function connections(h: ConformanceHarness, store: KeywardStore): Promise<KeywardStore[]> {
  if (!h.options.openPeer) return [store];
  return [store, await h.peer(store), await h.peer(store)];
}

interface Barrier {
  arrive(): void;
  readonly open: Promise<void>;
}

function barrier(count: number): Barrier {
  let arrived = 0;
  let release: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    open,
    arrive: () => {
      arrived += 1;
      if (arrived >= count) release();
    },
  };
}

/** `store`, except that `swapKeySecret` waits until the barrier has seen every racer's `getKey`. */
function gated(store: KeywardStore, gate: Barrier): KeywardStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === "getKey") {
        return async (id: string) => {
          const found = await target.getKey(id);
          gate.arrive();
          return found;
        };
      }
      if (property === "swapKeySecret") {
        return async (...args: Parameters<KeywardStore["swapKeySecret"]>) => {
          await gate.open;
          return target.swapKeySecret(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
