import { describeOrSkip } from "@keyward/conformance";
import { createKeyward, isKeywardError } from "@keyward/core";
import { expect, it } from "vitest";
import { spyOn } from "../test/bus-spy";
import { aboutKey, CACHE, cachedBy, instance, seed } from "../test/bus-world";
import { useHarness } from "../test/harness";
import { DRIVERS, REDIS_URL, SKIP_REASON, type TestClient, type TestDriver } from "../test/redis-fixtures";
import { startProxy } from "../test/tcp-proxy";

const use = useHarness();

/** Authenticates `key` through `b` `times` times; returns how many of them read the store. */
async function storeReads(b: Awaited<ReturnType<typeof instance>>, key: string, times: number) {
  const before = b.lookups();
  for (let i = 0; i < times; i++) expect((await b.keyward.authenticate(key)).ok).toBe(true);
  return b.lookups() - before;
}

/** The id of the subscribed connection named `name` (a bus's duplicate keeps its client's name). */
async function subscriberId(admin: TestClient, name: string): Promise<string> {
  const line = String(await admin.command(["CLIENT", "LIST", "TYPE", "pubsub"]))
    .split("\n")
    .find((entry) => entry.includes(` name=${name} `));
  const id = line === undefined ? undefined : /\bid=(\d+)/.exec(line)?.[1];
  if (id === undefined) throw new Error(`no subscribed connection named ${name}`);
  return id;
}

/** A, seeded, and an admin client, on a fresh prefix of the shared server. */
async function withA(driver: TestDriver) {
  const admin = await use.client(driver);
  const prefix = use.prefix(admin);
  const a = await instance(use, driver, prefix);
  await seed(a);
  return { admin, prefix, a };
}

for (const driver of DRIVERS) {
  describeOrSkip(
    `redisBus (${driver.name}): the cache fails closed`,
    SKIP_REASON,
    () => {
      it("bypasses the cache while B's subscriber is cut off, and trusts a fresh one once resubscribed", async () => {
        const proxy = await startProxy(REDIS_URL!);
        use.defer(() => proxy.close());
        const { prefix, a } = await withA(driver);
        // B's store talks to Redis directly; only its bus goes through the proxy.
        const subscriber = await use.client(driver, proxy.url, { reconnect: true });
        const b = await instance(use, driver, prefix, { bus: { subscriber } });
        const victim = await cachedBy(a, b);
        const kept = await cachedBy(a, b);

        proxy.cut();
        await b.spy.connected(false);
        expect(await storeReads(b, kept.key, 3)).toBe(3);
        // Revoked while B cannot hear it: the message is lost, and B refuses the key at once anyway.
        await a.keyward.keys.revoke(victim.id);
        expect(await b.keyward.authenticate(victim.key)).toMatchObject({ ok: false, detail: "revoked" });

        proxy.restore();
        await b.spy.connected(true);
        // Trusted again, starting empty: the key cached before the cut is read once, then cached.
        expect(await storeReads(b, kept.key, 3)).toBe(1);
        expect((await b.keyward.authenticate(victim.key)).ok).toBe(false);
        expect(b.spy.messages.some(aboutKey(victim.id))).toBe(false);
      });

      it("reports its duplicate connection killed, and comes up only once subscribed again", async () => {
        const name = `keyward-test-${crypto.randomUUID()}`;
        const { admin, prefix, a } = await withA(driver);
        const client = await use.client(driver, undefined, { name, reconnect: true });
        const b = await instance(use, driver, prefix, { client });
        const { key, id } = await cachedBy(a, b);
        const since = b.spy.statuses.length;
        await admin.command(["CLIENT", "KILL", "ID", await subscriberId(admin, name)]);
        await b.spy.until(
          () => b.spy.statuses.length > since + 1 && b.spy.statuses.at(-1) === true,
          "down, up",
        );
        expect(b.spy.statuses.slice(since)).toEqual([false, true]);
        // Up means subscribed: the first message published after it arrives.
        const messages = b.spy.messages.length;
        await a.keyward.keys.revoke(id);
        await b.spy.received(aboutKey(id), messages);
        expect((await b.keyward.authenticate(key)).ok).toBe(false);
      });

      it("keeps the cache off for good when its subscriber gives up reconnecting", async () => {
        const { admin, prefix, a } = await withA(driver);
        const name = `keyward-test-${crypto.randomUUID()}`;
        const subscriber = await use.client(driver, undefined, { name, reconnect: false });
        const b = await instance(use, driver, prefix, { bus: { subscriber } });
        const { key } = await cachedBy(a, b);
        await admin.command(["CLIENT", "KILL", "ID", await subscriberId(admin, name)]);
        await b.spy.connected(false);
        expect(await storeReads(b, key, 3)).toBe(3);
        expect(b.spy.statuses.at(-1)).toBe(false);
      });

      it("is down while the server is, answering STORE_UNAVAILABLE, and back with it", async () => {
        // Append-only, so the key survives the restart.
        const redis = await use.server({ appendOnly: true });
        const setup = { reconnect: true } as const;
        const a = await instance(use, driver, "x:", { client: await use.client(driver, redis.url, setup) });
        await seed(a);
        const b = await instance(use, driver, "x:", { client: await use.client(driver, redis.url, setup) });
        const { key } = await cachedBy(a, b);
        await redis.stop();
        await Promise.all([a.spy.connected(false), b.spy.connected(false)]);
        // Nothing is answered from the cache while the bus may miss messages.
        await expect(b.keyward.authenticate(key)).rejects.toSatisfy((error) =>
          isKeywardError(error, "STORE_UNAVAILABLE"),
        );
        await redis.start();
        await Promise.all([a.spy.connected(true), b.spy.connected(true), b.client.whenReady()]);
        expect(await storeReads(b, key, 2)).toBe(1);
      });

      it("starts with Redis down: subscribe() settles, close() does not wait, the bus comes up later", async () => {
        const redis = await use.server({ appendOnly: false });
        await redis.stop();
        const client = driver.unconnected(redis.url, { reconnect: true });
        use.defer(() => client.close());
        const spy = spyOn(client.bus());
        const early = createKeyward({ store: client.store(), cache: { ...CACHE, bus: spy.bus } });
        await spy.connected(false);
        await early.close();
        const later = createKeyward({ store: client.store(), cache: { ...CACHE, bus: spy.bus } });
        use.defer(() => later.close());
        await redis.start();
        await spy.connected(true);
      });
    },
    { timeout: 30_000 },
  );
}
