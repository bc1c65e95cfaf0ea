import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import type { InvalidationMessage } from "@keyward/core";
import { expect, it } from "vitest";
import { spyOn } from "../test/bus-spy";
import { aboutKey, cachedBy, type Instance, instance, seed } from "../test/bus-world";
import { useHarness } from "../test/harness";
import { DRIVERS, SKIP_REASON, type TestDriver, uniquePrefix } from "../test/redis-fixtures";

const use = useHarness();

/** Instances A and B on one store, each with the cache and its own bus; A holds the seed data. */
async function pair(driver: TestDriver): Promise<{ a: Instance; b: Instance; prefix: string }> {
  const admin = await use.client(driver);
  const prefix = use.prefix(admin);
  const a = await instance(use, driver, prefix);
  await seed(a);
  const b = await instance(use, driver, prefix);
  return { a, b, prefix };
}

/** Runs `change` (made through another instance), then resolves once `b`'s bus delivered `match`. */
async function heardBy(
  b: Instance,
  change: () => Promise<unknown>,
  match: (message: InvalidationMessage) => boolean,
): Promise<void> {
  const since = b.spy.messages.length;
  await change();
  await b.spy.received(match, since);
}

for (const driver of DRIVERS) {
  describeOrSkip(
    `redisBus (${driver.name}): two instances on one store`,
    SKIP_REASON,
    () => {
      it("B refuses a key revoked through A as soon as the message arrived", async () => {
        const { a, b } = await pair(driver);
        const { key, id } = await cachedBy(a, b);
        await heardBy(b, () => a.keyward.keys.revoke(id), aboutKey(id));
        const lookups = b.lookups();
        expect(await b.keyward.authenticate(key)).toMatchObject({ ok: false, detail: "revoked" });
        expect(b.lookups()).toBe(lookups + 1);
      });

      it("B refuses the old secret of a key refreshed through A, and accepts the new one", async () => {
        const { a, b } = await pair(driver);
        const { key, id } = await cachedBy(a, b);
        let next = "";
        await heardBy(
          b,
          async () => {
            next = (await a.keyward.keys.refresh(id)).key;
          },
          aboutKey(id),
        );
        expect((await b.keyward.authenticate(key)).ok).toBe(false);
        expect((await b.keyward.authenticate(next)).ok).toBe(true);
      });

      it("B refuses the keys of a user deactivated through A", async () => {
        const { a, b } = await pair(driver);
        const { key } = await cachedBy(a, b);
        await heardBy(
          b,
          () => a.keyward.users.save({ id: "alice", role: "editor", active: false }),
          (message) => message.type === "user" && message.userId === "alice",
        );
        expect(await b.keyward.authenticate(key)).toMatchObject({ ok: false, reason: "inactive" });
      });

      it("B applies a role changed through A to a cached key", async () => {
        const { a, b } = await pair(driver);
        const { key } = await cachedBy(a, b);
        await heardBy(
          b,
          () =>
            a.keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/list"] }),
          (message) => message.type === "role" && message.appid === "editor",
        );
        const result = await b.keyward.authenticate(key);
        if (!result.ok) throw new Error(`expected a principal, got ${result.reason}`);
        expect(result.principal.can("content/posts/read")).toBe(false);
        expect(result.principal.can("content/posts/list")).toBe(true);
      });

      it("B drops its cached public role when A changes it", async () => {
        const { a, b } = await pair(driver);
        await heardBy(
          b,
          () => a.keyward.settings.setPublicRole("public"),
          (message) => message.type === "settings",
        );
        expect((await b.keyward.authenticate(null)).ok).toBe(true);
        const reads = b.publicRoleReads();
        expect((await b.keyward.authenticate(null)).ok).toBe(true);
        expect(b.publicRoleReads()).toBe(reads);
        await heardBy(
          b,
          () => a.keyward.settings.setPublicRole(null),
          (message) => message.type === "settings",
        );
        expect(await b.keyward.authenticate(null)).toMatchObject({ ok: false, reason: "missing" });
      });

      it("ignores anything on the channel that is not an invalidation message", async () => {
        const { a, b, prefix } = await pair(driver);
        const { key, id } = await cachedBy(a, b);
        const since = b.spy.messages.length;
        const garbage = [
          "not json",
          "42",
          "null",
          '{"type":"key"}',
          '{"type":"drop-everything"}',
          '{"keyId":"x"}',
        ];
        for (const text of garbage) await a.client.command(["PUBLISH", `${prefix}invalidate`, text]);
        // Garbage is ignored, so the revocation published after it is the first message B sees.
        await heardBy(b, () => a.keyward.keys.revoke(id), aboutKey(id));
        expect(b.spy.messages.slice(since)).toEqual([{ type: "key", keyId: id }]);
        expect(b.spy.statuses.at(-1)).toBe(true);
        expect((await b.keyward.authenticate(key)).ok).toBe(false);
      });

      it("derives the channel from the prefix; `channel` overrides it", async () => {
        const c = await use.client(driver);
        const prefix = uniquePrefix("bus");
        const heard: InvalidationMessage[] = [];
        const named = spyOn(c.bus({ channel: `${prefix}invalidate` }));
        const other = spyOn(c.bus({ prefix: `${prefix}other:` }));
        const stops = await Promise.all(
          [named, other].map((spy) =>
            spy.bus.subscribe(
              (message) => heard.push(message),
              () => {},
            ),
          ),
        );
        for (const stop of stops) use.defer(stop);
        await Promise.all([named.connected(true), other.connected(true)]);
        await c.bus({ prefix }).publish({ type: "all" });
        await named.received((message) => message.type === "all");
        await other.bus.publish({ type: "created" });
        await other.received((message) => message.type === "created");
        expect(named.messages).toEqual([{ type: "all" }]);
        expect(other.messages).toEqual([{ type: "created" }]);
      });

      it("unsubscribe stops delivery and closes the connection the bus opened", async () => {
        const name = `keyward-test-${crypto.randomUUID()}`;
        // Duplicates keep the client's connection name: that is how the bus's own connection is found.
        const c = await use.client(driver, undefined, { name });
        const listening = async () =>
          String(await c.command(["CLIENT", "LIST", "TYPE", "pubsub"]))
            .split("\n")
            .filter((line) => line.includes(` name=${name} `)).length;
        const prefix = uniquePrefix("bus");
        const stopped = spyOn(c.bus({ prefix }));
        const staying = spyOn(c.bus({ prefix }));
        const stop = await stopped.bus.subscribe(
          () => {},
          () => {},
        );
        use.defer(
          await staying.bus.subscribe(
            () => {},
            () => {},
          ),
        );
        await Promise.all([stopped.connected(true), staying.connected(true)]);
        expect(await listening()).toBe(2);
        await stop();
        expect(await listening()).toBe(1);
        await staying.bus.publish({ type: "all" });
        await staying.received((message) => message.type === "all");
        expect(stopped.messages).toEqual([]);
      });

      it("unsubscribe leaves a subscriber you passed open", async () => {
        const c = await use.client(driver);
        const subscriber = await use.client(driver);
        const prefix = uniquePrefix("bus");
        const first = spyOn(c.bus({ prefix, subscriber }));
        const second = spyOn(c.bus({ prefix, subscriber }));
        const stopFirst = await first.bus.subscribe(
          () => {},
          () => {},
        );
        const stopSecond = await second.bus.subscribe(
          () => {},
          () => {},
        );
        await Promise.all([first.connected(true), second.connected(true)]);
        // Two buses on one connection: stopping one keeps the other subscribed.
        await stopFirst();
        await c.bus({ prefix }).publish({ type: "all" });
        await second.received((message) => message.type === "all");
        expect(first.messages).toEqual([]);
        await stopSecond();
        expect(subscriber.ready()).toBe(true);
        expect(String(await subscriber.command(["PING"]))).toBe("PONG");
      });

      it("rejects a publish that cannot be sent; keyward reports it through onCacheError", async () => {
        const admin = await use.client(driver);
        const prefix = use.prefix(admin);
        // The store's client works; the client the bus publishes with is gone.
        const gone = await use.client(driver);
        const bus = gone.bus({ prefix, subscriber: await use.client(driver) });
        gone.kill();
        await expect(bus.publish({ type: "all" })).rejects.toThrow();
        const errors: unknown[] = [];
        const keyward = await seededKeyward(admin.store({ prefix, warn: () => {} }), {
          cache: { ttlMs: 60_000, maxEntries: 10, bus },
          onCacheError: (error) => errors.push(error),
        });
        use.defer(() => keyward.close());
        expect(errors).toHaveLength(2); // the seeded role and user
        const { record } = await keyward.keys.create({ userId: "alice" });
        // The write happened: a failed publish does not undo it.
        await keyward.keys.revoke(record.id);
        expect(errors).toHaveLength(4);
        expect((await keyward.keys.get(record.id))?.revokedAt).not.toBeNull();
      });
    },
    { timeout: 30_000 },
  );
}

// Pub/sub replies take other shapes under RESP3 (push frames): every variant of both clients.
const VARIANTS: readonly [string, TestDriver, Record<string, unknown>][] = DRIVERS.flatMap((driver) =>
  driver.name === "node-redis"
    ? [
        ["node-redis RESP2", driver, {}],
        ["node-redis RESP3", driver, { RESP: 3 }],
      ]
    : [
        ["ioredis RESP2", driver, { protocol: 2 }],
        ["ioredis RESP3 (legacy reply mapping)", driver, {}],
        ["ioredis RESP3 (resp3 reply mapping)", driver, { replyMapping: "resp3" }],
      ],
);

describeOrSkip("redisBus: reply shapes", SKIP_REASON, () => {
  it.each(VARIANTS)("%s: subscribes, delivers, publishes", async (_, driver, extra) => {
    const c = await use.client(driver, undefined, { extra });
    const spy = spyOn(c.bus({ prefix: uniquePrefix("bus") }));
    use.defer(
      await spy.bus.subscribe(
        () => {},
        () => {},
      ),
    );
    await spy.connected(true);
    await spy.bus.publish({ type: "user", userId: "alice" });
    await spy.received((message) => message.type === "user");
    expect(spy.messages).toEqual([{ type: "user", userId: "alice" }]);
  });
});

describeOrSkip(
  "redisBus: a node-redis instance and an ioredis instance",
  SKIP_REASON,
  () => {
    it("share one bus", async () => {
      const [nodeRedis, ioredis] = DRIVERS;
      const admin = await use.client(nodeRedis!);
      const prefix = use.prefix(admin);
      const a = await instance(use, nodeRedis!, prefix);
      await seed(a);
      const b = await instance(use, ioredis!, prefix);
      const { key, id } = await cachedBy(a, b);
      await heardBy(b, () => a.keyward.keys.revoke(id), aboutKey(id));
      expect((await b.keyward.authenticate(key)).ok).toBe(false);
      const back = await cachedBy(b, a);
      await heardBy(a, () => b.keyward.keys.revoke(back.id), aboutKey(back.id));
      expect((await a.keyward.authenticate(back.key)).ok).toBe(false);
    });
  },
  { timeout: 30_000 },
);
