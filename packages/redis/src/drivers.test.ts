import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import { Cluster, Redis } from "ioredis";
import { createClient, createCluster } from "redis";
import { describe, expect, it, vi } from "vitest";
import { useHarness } from "../test/harness";
import { DRIVERS, SKIP_REASON, type TestDriver } from "../test/redis-fixtures";
import { type IoredisClient, redisStore as ioredisStore } from "./drivers/ioredis";
import { redisStore as nodeRedisStore, type RedisCommandClient } from "./drivers/node-redis";
import { hashTagOf, taggedPrefix } from "./hash-tag";
import { redisStore } from "./index";

const use = useHarness();
const invalid = expect.objectContaining({ code: "INVALID_ARGUMENT" });
// Constructed, never connected: the drivers only look at the client's shape.
const idle = { lazyConnect: true } as const;

describe("the driver entry points", () => {
  it("keeps the root redisStore as the node-redis driver", () => {
    expect(redisStore).toBe(nodeRedisStore);
  });

  it.each([
    ["nothing", null],
    ["a plain object", {}],
    ["an ioredis client", new Redis(idle)],
  ])("node-redis driver: refuses %s", (_, client) => {
    expect(() => nodeRedisStore(client as unknown as RedisCommandClient)).toThrow(invalid);
  });

  it("node-redis driver: names the ioredis import when given an ioredis client", () => {
    expect(() => nodeRedisStore(new Redis(idle) as unknown as RedisCommandClient)).toThrow(
      /@keyward\/redis\/ioredis/,
    );
  });

  it.each([
    ["nothing", null],
    ["a node-redis client", createClient()],
    [
      "a Cluster that reads from replicas (one may not have applied a revocation yet)",
      new Cluster([{ port: 1 }], { ...idle, scaleReads: "slave" }),
    ],
    [
      "a client with keyPrefix (scripts derive names it would not prefix)",
      new Redis({ ...idle, keyPrefix: "a:" }),
    ],
  ])("ioredis driver: refuses %s", (_, client) => {
    expect(() => ioredisStore(client as unknown as IoredisClient)).toThrow(invalid);
  });

  it.each([
    ["node-redis", () => nodeRedisStore(createCluster({ rootNodes: [{ url: "redis://127.0.0.1:1" }] }))],
    ["ioredis", () => ioredisStore(new Cluster([{ port: 1 }], idle))],
  ])("%s driver: takes a Redis Cluster client, sending nothing until used", (_, make) => {
    expect(make().lookupKey).toBeTypeOf("function");
  });

  it.each([
    ["keyward:", "{keyward}:"],
    ["myapp:keyward:", "{myapp:keyward}:"],
    ["x", "{x}"],
    [":", "{:}"],
    ["{app}:keyward:", "{app}:keyward:"],
    ["app:{tenant-1}:", "app:{tenant-1}:"],
  ])("names every key of prefix %j under the hash tag of %j", (prefix, tagged) => {
    expect(taggedPrefix(prefix, "redisStore")).toBe(tagged);
    expect(hashTagOf(`${taggedPrefix(prefix, "redisStore")}keys:by-user:{odd}user`)).toBe(hashTagOf(tagged));
  });

  it.each(["a{b:", "a{}:", "a}b:", "}{"])("refuses prefix %j, whose braces form no hash tag", (prefix) => {
    expect(() => nodeRedisStore(createClient(), { prefix })).toThrow(invalid);
  });
});

// Every way the two clients can shape replies: RESP2 and RESP3, and ioredis' two RESP3 mappings.
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

describeOrSkip("redisStore: reply shapes and shared data", SKIP_REASON, () => {
  it.each(VARIANTS)("%s: migrate, create, authenticate, list, refresh, revoke", async (_, driver, extra) => {
    const c = await use.client(driver, undefined, { extra });
    // The raw reply is a flat array, a Map or an object depending on the variant; its text is not.
    const appendOnly = JSON.stringify(await c.command(["CONFIG", "GET", "appendonly"])).includes('"yes"');
    const warn = vi.fn();
    const store = c.store({ prefix: use.prefix(c), warn });
    await store.migrate();
    const keyward = await seededKeyward(store);
    expect(warn).toHaveBeenCalledTimes(appendOnly ? 0 : 1);
    const expiresAt = new Date("2099-01-02T03:04:05.678Z");
    const user = await keyward.keys.create({ userId: "alice", name: "ci", expiresAt, permissions: ["a/b"] });
    const app = await keyward.keys.create({ role: "editor" });
    for (const key of [user.key, app.key]) expect((await keyward.authenticate(key)).ok).toBe(true);
    expect(await keyward.keys.get(user.record.id)).toMatchObject({
      name: "ci",
      expiresAt,
      permissions: ["a/b"],
    });
    expect((await keyward.keys.list({ userId: "alice" })).map((k) => k.id)).toEqual([user.record.id]);
    expect((await keyward.roles.list()).map((r) => r.appid)).toEqual(["editor"]);
    const next = await keyward.keys.refresh(app.record.id);
    await keyward.keys.revoke(user.record.id);
    expect((await keyward.authenticate(user.key)).ok).toBe(false);
    expect((await keyward.authenticate(app.key)).ok).toBe(false);
    expect((await keyward.authenticate(next.key)).ok).toBe(true);
  });

  it("one prefix is one store, whichever driver writes or reads it", async () => {
    const [nodeRedis, ioredis] = await Promise.all(DRIVERS.map((driver) => use.client(driver)));
    const prefix = use.prefix(nodeRedis!);
    const written = await seededKeyward(nodeRedis!.store({ prefix }));
    const read = await seededKeyward(ioredis!.store({ prefix }));
    const { key, record } = await written.keys.create({ userId: "alice" });
    expect((await read.authenticate(key)).ok).toBe(true);
    await read.keys.revoke(record.id);
    expect((await written.authenticate(key)).ok).toBe(false);
  });
});
