import type { InvalidationBus, InvalidationMessage } from "@keyward/core";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { FakeIoredis, FakeNodeRedis, settle } from "../test/fake-clients";
import { type IoredisBusClient, redisBus as ioredisBus } from "./drivers/ioredis";
import { redisBus as nodeRedisBus, type RedisBusClient } from "./drivers/node-redis";

const invalid = expect.objectContaining({ code: "INVALID_ARGUMENT" });

/** Subscribes to `bus`, recording what it reports. */
async function follow(bus: InvalidationBus) {
  const statuses: boolean[] = [];
  const messages: InvalidationMessage[] = [];
  let stop: (() => Promise<void>) | undefined;
  const subscribed = bus
    .subscribe(
      (message) => messages.push(message),
      (connected) => statuses.push(connected),
    )
    .then((unsubscribe) => {
      stop = unsubscribe;
    });
  return { statuses, messages, subscribed, stop: () => stop!() };
}

const nodeRedis = (subscriber = new FakeNodeRedis()) => {
  const client = new FakeNodeRedis();
  client.isReady = true;
  client.duplicate = () => subscriber;
  return { client, subscriber, bus: nodeRedisBus(client as unknown as RedisBusClient) };
};

const ioredis = (subscriber = new FakeIoredis()) => {
  const client = new FakeIoredis();
  client.status = "ready";
  client.duplicate = () => subscriber;
  return { client, subscriber, bus: ioredisBus(client as unknown as IoredisBusClient) };
};

describe("redisBus status (node-redis): true only while the subscription is confirmed", () => {
  it("reports true once the server confirmed the SUBSCRIBE, not when the connection is ready", async () => {
    const { subscriber, bus } = nodeRedis();
    const followed = await follow(bus);
    subscriber.up();
    await settle();
    expect(followed.statuses).toEqual([]);
    subscriber.pending[0]!.confirm();
    await followed.subscribed;
    expect(followed.statuses).toEqual([true]);
  });

  it.each(["error", "end", "reconnecting"])("reports false at once on `%s`", async (event) => {
    const { subscriber, bus } = nodeRedis();
    const followed = await follow(bus);
    subscriber.up();
    await settle();
    subscriber.pending[0]!.confirm();
    await followed.subscribed;
    subscriber.emit(event, new Error("gone"));
    expect(followed.statuses).toEqual([true, false]);
  });

  it("reports true again on `ready` after a reconnection (node-redis resubscribed before it)", async () => {
    const { subscriber, bus } = nodeRedis();
    const followed = await follow(bus);
    subscriber.up();
    await settle();
    subscriber.pending[0]!.confirm();
    await followed.subscribed;
    subscriber.drop();
    subscriber.up();
    await settle();
    expect(followed.statuses).toEqual([true, false, true]);
    subscriber.message("keyward:invalidate", '{"type":"key","keyId":"k1"}');
    expect(followed.messages).toEqual([{ type: "key", keyId: "k1" }]);
  });

  it("ignores a confirmation that began before the connection dropped", async () => {
    const { subscriber, bus } = nodeRedis();
    const followed = await follow(bus);
    subscriber.up();
    await settle();
    subscriber.drop();
    subscriber.pending[0]!.confirm();
    await followed.subscribed;
    expect(followed.statuses).toEqual([false]);
  });

  it("settles when the first attempt fails, and comes up once the client reconnects", async () => {
    const { subscriber, bus } = nodeRedis();
    const followed = await follow(bus);
    subscriber.emit("error", new Error("ECONNREFUSED"));
    await followed.subscribed;
    expect(followed.statuses).toEqual([false]);
    subscriber.up();
    await settle();
    subscriber.pending[0]!.confirm();
    await settle();
    expect(followed.statuses).toEqual([false, true]);
  });

  it("stops: closes the duplicate it opened; unsubscribes a client you passed and leaves it open", async () => {
    const owned = nodeRedis();
    const followed = await follow(owned.bus);
    owned.subscriber.up();
    await settle();
    owned.subscriber.pending[0]!.confirm();
    await followed.subscribed;
    await followed.stop();
    expect(owned.subscriber.closed).toBe(true);
    owned.subscriber.emit("end");
    expect(followed.statuses).toEqual([true]);

    const client = new FakeNodeRedis();
    const passed = new FakeNodeRedis();
    passed.isReady = true;
    const bus = nodeRedisBus(client as unknown as RedisBusClient, { subscriber: passed as never });
    const mine = await follow(bus);
    await settle();
    passed.pending[0]!.confirm();
    await mine.subscribed;
    await mine.stop();
    expect(passed.closed).toBe(false);
    expect(passed.channels.size).toBe(0);
  });
});

describe("redisBus status (ioredis): true only while the subscription is confirmed", () => {
  it("connects the duplicate, then reports true once its own SUBSCRIBE is answered", async () => {
    const { subscriber, bus } = ioredis();
    const followed = await follow(bus);
    expect(subscriber.status).toBe("connecting");
    subscriber.up();
    await settle();
    expect(followed.statuses).toEqual([]);
    subscriber.pending[0]!.confirm();
    await followed.subscribed;
    expect(followed.statuses).toEqual([true]);
    subscriber.emit("message", "keyward:invalidate", '{"type":"all"}');
    subscriber.emit("message", "elsewhere", '{"type":"all"}');
    expect(followed.messages).toEqual([{ type: "all" }]);
  });

  it.each(["error", "close", "end", "reconnecting"])("reports false at once on `%s`", async (event) => {
    const { subscriber, bus } = ioredis();
    const followed = await follow(bus);
    subscriber.up();
    await settle();
    subscriber.pending[0]!.confirm();
    await followed.subscribed;
    subscriber.emit(event, new Error("gone"));
    expect(followed.statuses).toEqual([true, false]);
  });

  it("after a reconnection, `ready` is not enough: true once the new SUBSCRIBE is answered", async () => {
    const { subscriber, bus } = ioredis();
    const followed = await follow(bus);
    subscriber.up();
    await settle();
    subscriber.pending[0]!.confirm();
    await followed.subscribed;
    subscriber.drop();
    subscriber.up();
    await settle();
    expect(followed.statuses).toEqual([true, false]);
    subscriber.pending[1]!.confirm();
    await settle();
    expect(followed.statuses).toEqual([true, false, true]);
  });

  it("a client passed to two buses is unsubscribed when the last one stops, and stays open", async () => {
    const client = new FakeIoredis();
    const passed = new FakeIoredis();
    passed.status = "ready";
    const bus = () => ioredisBus(client as unknown as IoredisBusClient, { subscriber: passed as never });
    const [first, second] = [await follow(bus()), await follow(bus())];
    await settle();
    for (const pending of passed.pending) pending.confirm();
    await Promise.all([first!.subscribed, second!.subscribed]);
    await first!.stop();
    expect(passed.unsubscribed).toEqual([]);
    await second!.stop();
    expect(passed.unsubscribed).toEqual(["keyward:invalidate"]);
    expect(passed.closed).toBe(false);
  });
});

describe("redisBus messages and arguments", () => {
  it("publishes the JSON of a known message, ids only, on <prefix>invalidate", async () => {
    const client = new FakeNodeRedis();
    const bus = nodeRedisBus(client as unknown as RedisBusClient, { prefix: "app:" });
    await bus.publish({ type: "key", keyId: "k1", hash: "secret" } as InvalidationMessage);
    await expect(bus.publish({ type: "other" } as unknown as InvalidationMessage)).rejects.toThrow(invalid);
    expect(client.sent).toEqual([["PUBLISH", "app:invalidate", '{"type":"key","keyId":"k1"}']]);
  });

  it.each([
    ["nothing", () => nodeRedisBus(null as never)],
    ["an ioredis client", () => nodeRedisBus(new Redis({ lazyConnect: true }) as never)],
    ["a client without duplicate() and no subscriber", () => nodeRedisBus({ sendCommand: async () => 0 })],
    [
      "the client as its own subscriber",
      () => {
        const client = new FakeNodeRedis();
        return nodeRedisBus(client as never, { subscriber: client as never });
      },
    ],
    ["an empty prefix", () => nodeRedisBus(new FakeNodeRedis() as never, { prefix: "" })],
    ["an empty channel", () => nodeRedisBus(new FakeNodeRedis() as never, { channel: "" })],
    [
      "an onError that is not a function",
      () => nodeRedisBus(new FakeNodeRedis() as never, { onError: 1 as never }),
    ],
    ["nothing (ioredis)", () => ioredisBus(null as never)],
    ["a client without duplicate() and no subscriber (ioredis)", () => ioredisBus({ call: async () => 0 })],
  ])("refuses %s", (_, make) => {
    expect(make).toThrow(invalid);
  });

  it("refuses a subscriber that is not connected when subscribing", async () => {
    const closed = new FakeNodeRedis();
    closed.isOpen = false;
    const waiting = new FakeIoredis();
    const buses = [
      nodeRedisBus(new FakeNodeRedis() as never, { subscriber: closed as never }),
      ioredisBus(new FakeIoredis() as never, { subscriber: waiting as never }),
    ];
    for (const bus of buses)
      await expect(
        bus.subscribe(
          () => {},
          () => {},
        ),
      ).rejects.toThrow(invalid);
  });
});
