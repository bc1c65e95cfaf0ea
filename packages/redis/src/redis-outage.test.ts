import { describeOrSkip, seededKeyward, timedRejection } from "@keyward/conformance";
import { createKeyward, isKeywardError } from "@keyward/core";
import { expect, it } from "vitest";
import { useHarness } from "../test/harness";
import { DRIVERS, SKIP_REASON } from "../test/redis-fixtures";
import { sparePort } from "../test/redis-server";

const use = useHarness();

const TIMEOUT = 400;
/** How much later than storeTimeoutMs a failure may arrive on a loaded machine. */
const SLACK = 250;

// Both client setups: the README's options fail at once; the clients' defaults queue commands
// while disconnected, and only core's storeTimeoutMs bounds the wait. Either way: 503, in time.
const SETUPS = DRIVERS.flatMap((driver) =>
  (["recommended", "defaults"] as const).map((options) => ({ driver, options })),
);

/**
 * Core wraps a client's error as the cause; a timeout has none. So a cause means the client refused
 * at once, no cause that core stopped waiting: which one each setup gives, without reading a clock.
 */
const refusedByClient = (error: unknown): boolean => (error as Error).cause !== undefined;

for (const { driver, options } of SETUPS) {
  describeOrSkip(
    `redisStore (${driver.name}, ${options} client options): failures through createKeyward`,
    SKIP_REASON,
    () => {
      it("answers STORE_UNAVAILABLE in time while the server is down, and recovers when it is back", async () => {
        const redis = await use.server({ appendOnly: true });
        const c = await use.client(driver, redis.url, { options });
        const keyward = await seededKeyward(c.store(), { storeTimeoutMs: TIMEOUT });
        await keyward.settings.setPublicRole("editor");
        const { key } = await keyward.keys.create({ userId: "alice" });
        expect((await keyward.authenticate(key)).ok).toBe(true);
        await redis.stop();
        for (const attempt of [key, null, key]) {
          const { error, elapsed } = await timedRejection(() => keyward.authenticate(attempt));
          expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
          expect(String(error)).not.toContain(key);
          expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
          // With the defaults, a command sent before the client noticed the drop may fail either way.
          if (options === "recommended") expect(refusedByClient(error)).toBe(true);
        }
        await redis.start();
        // Both clients reconnect on their own; wait for that event, not for a fixed time.
        await c.whenReady();
        expect((await keyward.authenticate(key)).ok).toBe(true);
      });

      it("answers STORE_UNAVAILABLE in time when nothing listens on the port", async () => {
        const offline = driver.unconnected(`redis://127.0.0.1:${await sparePort()}`, { options });
        use.defer(() => offline.close());
        const keyward = createKeyward({ store: offline.store(), storeTimeoutMs: TIMEOUT });
        for (const attempt of [`USR-${"ab".repeat(20)}`, null]) {
          const { error, elapsed } = await timedRejection(() => keyward.authenticate(attempt));
          expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
          expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
          expect(refusedByClient(error)).toBe(options === "recommended");
        }
      });
    },
  );
}

for (const driver of DRIVERS) {
  describeOrSkip(`redisStore (${driver.name}): the usage timestamp, written behind`, SKIP_REASON, () => {
    it("drops a lastUsedAt write that fails, leaving no unhandled rejection", async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on("unhandledRejection", onUnhandled);
      use.defer(async () => {
        process.off("unhandledRejection", onUnhandled);
      });
      const admin = await use.client(driver);
      const prefix = use.prefix(admin);
      const c = await use.client(driver);
      const sent: string[] = [];
      const keyward = await seededKeyward(c.store({ prefix, onCommand: (name) => sent.push(name) }), {
        storeTimeoutMs: TIMEOUT,
      });
      const { key, record } = await keyward.keys.create({ userId: "alice" });
      // Never used yet, so this notes a lastUsedAt write for a later turn of the event loop...
      expect((await keyward.authenticate(key)).ok).toBe(true);
      // ...which finds the connection gone.
      c.kill();
      sent.length = 0;
      // A read writes pending uses first: the failed write is dropped, then the read itself fails.
      // Each starts by reading the id index (HGET), which is where the dead connection refuses.
      await expect(keyward.keys.get(record.id)).rejects.toMatchObject({ code: "STORE_UNAVAILABLE" });
      expect(sent).toEqual(["HGET", "HGET"]);
      // Node reports unhandled rejections once the current turn's microtasks are done.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    });
  });
}
