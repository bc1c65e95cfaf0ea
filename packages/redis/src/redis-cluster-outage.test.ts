import { describeOrSkip, seededKeyward, timedRejection } from "@keyward/conformance";
import { isKeywardError } from "@keyward/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { clusterDrivers } from "../test/cluster-drivers";
import { useHarness } from "../test/harness";
import { startThrowawayCluster, type ThrowawayCluster } from "../test/redis-cluster";
import { CLUSTER_SKIP_REASON } from "../test/shared-cluster";
import { taggedPrefix } from "./hash-tag";

const use = useHarness();

const TIMEOUT = 1000;
/** How much later than storeTimeoutMs a failure may arrive on a loaded machine. */
const SLACK = 1000;
/** How long the clients may take to find a restarted node again before the test gives up. */
const RECOVERY_MS = 60_000;

// A cluster of this file's own (it stops nodes), on ports of its own, with append-only persistence
// so a killed node comes back with its data.
let cluster: ThrowawayCluster;
beforeAll(async () => {
  if (CLUSTER_SKIP_REASON === undefined) cluster = await startThrowawayCluster({ appendOnly: true });
});
afterAll(async () => {
  await cluster?.dispose();
});

/** Authenticates until it succeeds; every failure on the way must be STORE_UNAVAILABLE, never "invalid". */
async function recovered(authenticate: () => Promise<{ ok: boolean }>): Promise<void> {
  const deadline = Date.now() + RECOVERY_MS;
  for (;;) {
    try {
      const result = await authenticate();
      expect(result).toMatchObject({ ok: true });
      return;
    } catch (error) {
      if (!isKeywardError(error, "STORE_UNAVAILABLE") || Date.now() > deadline) throw error;
      // Reconnection is the clients' own business: poll instead of guessing how long it takes.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

for (const library of ["node-redis cluster", "ioredis cluster"] as const) {
  for (const options of ["recommended", "defaults"] as const) {
    describeOrSkip(
      `redisStore (${library}, ${options} client options): a master of the cluster goes down`,
      CLUSTER_SKIP_REASON,
      () => {
        it("answers STORE_UNAVAILABLE in time while the store's master is down, never a refusal; recovers", async () => {
          const driver = clusterDrivers(cluster.nodes).find((candidate) => candidate.name === library)!;
          const c = await use.client(driver, undefined, { options });
          const prefix = use.prefix(c);
          const keyward = await seededKeyward(c.store({ prefix, warn: () => {} }), {
            storeTimeoutMs: TIMEOUT,
          });
          await keyward.settings.setPublicRole("editor");
          const { key } = await keyward.keys.create({ userId: "alice" });
          expect((await keyward.authenticate(key)).ok).toBe(true);

          const port = await cluster.masterPortOf(`${taggedPrefix(prefix, "test")}roles`);
          await cluster.kill(port);
          // A key, no key (the public role is never the answer to an outage), the key again.
          for (const attempt of [key, null, key]) {
            const { error, elapsed } = await timedRejection(() => keyward.authenticate(attempt));
            expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
            expect(String(error)).not.toContain(key);
            expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
          }

          await cluster.restart(port);
          await recovered(() => keyward.authenticate(key));
          expect((await keyward.authenticate(null)).ok).toBe(true);
        }, 180_000);
      },
    );
  }
}
