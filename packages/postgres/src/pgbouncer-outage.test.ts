import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import { apiKeyAuth, requirePermission } from "@keyward/hono";
import { Hono } from "hono";
import { afterEach, expect, it } from "vitest";
import { TEST_DRIVERS } from "../test/drivers";
import { POOLER_SKIP_REASON, usePgBouncer } from "../test/pooler";
import { testScope } from "../test/scope";

// The store through PgBouncer, the app over real HTTP (Hono on @hono/node-server). When PgBouncer
// dies or hangs, every request is answered 503 within the store timeout: a key is never "invalid"
// (401) for it, and a request without a key never gets the public role. Back up, back to 200.
const TIMEOUT_MS = 500;
const pooler = usePgBouncer({ poolMode: "transaction", poolSize: 2 });
const scope = testScope(() => pooler.directUrl);
/** How much later than the store timeout an answer may come on a loaded machine (HTTP included). */
const SLACK_MS = 1500;
afterEach(async () => {
  // A failed test may leave PgBouncer paused or stopped: the next one needs it running.
  if (POOLER_SKIP_REASON === undefined) {
    pooler.bouncer.resume();
    if (!pooler.bouncer.running()) await pooler.bouncer.start();
  }
  await scope.release();
});

for (const driver of TEST_DRIVERS) {
  describeOrSkip(
    `postgresStore (${driver.name}) through PgBouncer: outages over HTTP`,
    POOLER_SKIP_REASON,
    () => {
      async function app() {
        const { store } = scope.open(
          driver,
          { url: pooler.bouncer.url, connectTimeoutMs: TIMEOUT_MS },
          { schema: scope.schema("po") },
        );
        await store.migrate();
        const keyward = await seededKeyward(store, { storeTimeoutMs: TIMEOUT_MS });
        await keyward.settings.setPublicRole("editor");
        const { key } = await keyward.keys.create({ userId: "alice" });
        const hono = new Hono();
        hono.use("/api/*", apiKeyAuth(keyward));
        hono.get("/api/posts", requirePermission("content/posts/read"), (c) => c.json({ posts: [] }));
        const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
          const started = serve({ fetch: hono.fetch, hostname: "127.0.0.1", port: 0 }, () =>
            resolve(started),
          );
        });
        scope.defer(async () => {
          await new Promise<void>((resolve) => server.close(() => resolve()));
        });
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const get = async (withKey: boolean) => {
          const started = performance.now();
          const response = await fetch(`${base}/api/posts`, withKey ? { headers: { "api-key": key } } : {});
          return {
            status: response.status,
            retryAfter: response.headers.get("retry-after"),
            elapsed: performance.now() - started,
          };
        };
        expect((await get(true)).status).toBe(200);
        expect((await get(false)).status).toBe(200);
        return get;
      }

      type Get = (
        withKey: boolean,
      ) => Promise<{ status: number; retryAfter: string | null; elapsed: number }>;

      /** With and without a key: 503 with Retry-After in time, never 401 and never the public role. */
      async function expectOutage(get: Get) {
        for (const withKey of [true, false, true]) {
          const answer = await get(withKey);
          expect(answer.status).toBe(503);
          expect(answer.retryAfter).not.toBeNull();
          expect(answer.elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
        }
      }

      /** Back to 200 once the pool has reconnected (postgres.js after its backoff: polled, not timed). */
      async function expectRecovery(get: Get) {
        await expect.poll(async () => (await get(true)).status, { timeout: 15_000 }).toBe(200);
        expect((await get(false)).status).toBe(200);
      }

      it("answers 503 while PgBouncer is down (killed), and 200 once it is back", async () => {
        const get = await app();
        await pooler.bouncer.stop();
        await expectOutage(get);
        await pooler.bouncer.start();
        await expectRecovery(get);
      });

      it("answers 503 within the store timeout while PgBouncer hangs, and 200 once it answers", async () => {
        const get = await app();
        pooler.bouncer.pause();
        await expectOutage(get);
        pooler.bouncer.resume();
        await expectRecovery(get);
      });
    },
  );
}
