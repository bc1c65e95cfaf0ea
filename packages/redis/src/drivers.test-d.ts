import type { InvalidationBus, KeywardStore } from "@keyward/core";
import type { Cluster, Redis } from "ioredis";
import { createClient, createCluster } from "redis";
import { describe, expectTypeOf, it } from "vitest";
import {
  type IoredisBusClient,
  type IoredisClient,
  type IoredisSubscriber,
  redisBus as ioredisBus,
  redisStore as ioredisStore,
} from "./drivers/ioredis";
import {
  redisBus as nodeRedisBus,
  redisStore as nodeRedisStore,
  type RedisBusClient,
  type RedisClusterCommandClient,
  type RedisCommandClient,
  type RedisSubscriberClient,
} from "./drivers/node-redis";
import { redisBus, redisStore } from "./index";

type NodeRedis = ReturnType<typeof createClient>;
// Never called: type tests only compile.
const resp3 = () => createClient({ RESP: 3 });
type NodeRedisResp3 = ReturnType<typeof resp3>;
type NodeRedisCluster = ReturnType<typeof createCluster>;

describe("driver client shapes", () => {
  it("takes the clients as their libraries type them", () => {
    expectTypeOf<NodeRedis>().toExtend<RedisCommandClient>();
    expectTypeOf<NodeRedisResp3>().toExtend<RedisCommandClient>();
    expectTypeOf<Redis>().toExtend<IoredisClient>();
    expectTypeOf<Redis<"resp3">>().toExtend<IoredisClient>();
  });

  it("refuses the other library's client at compile time", () => {
    expectTypeOf<Redis>().not.toExtend<RedisCommandClient>();
    expectTypeOf<NodeRedis>().not.toExtend<IoredisClient>();
  });

  it("takes each library's Redis Cluster client", () => {
    expectTypeOf<NodeRedisCluster>().toExtend<RedisClusterCommandClient>();
    expectTypeOf<NodeRedisCluster>().not.toExtend<RedisCommandClient>();
    expectTypeOf<Cluster>().toExtend<IoredisClient>();
    expectTypeOf(nodeRedisStore).toBeCallableWith(createCluster({ rootNodes: [] }));
    expectTypeOf(nodeRedisBus).toBeCallableWith(createCluster({ rootNodes: [] }));
  });

  it("keeps one signature across drivers and the root export", () => {
    expectTypeOf(ioredisStore).returns.toEqualTypeOf<KeywardStore>();
    expectTypeOf(nodeRedisStore).returns.toEqualTypeOf<KeywardStore>();
    expectTypeOf(redisStore).toEqualTypeOf(nodeRedisStore);
    expectTypeOf(ioredisStore).parameter(1).toEqualTypeOf<Parameters<typeof nodeRedisStore>[1]>();
  });
});

describe("bus client shapes", () => {
  it("takes the clients, and their duplicates, as their libraries type them", () => {
    expectTypeOf<NodeRedis>().toExtend<RedisBusClient>();
    expectTypeOf<NodeRedis>().toExtend<RedisSubscriberClient>();
    expectTypeOf<NodeRedisResp3>().toExtend<RedisBusClient>();
    expectTypeOf<NodeRedisResp3>().toExtend<RedisSubscriberClient>();
    expectTypeOf<Redis>().toExtend<IoredisBusClient>();
    expectTypeOf<Redis>().toExtend<IoredisSubscriber>();
    expectTypeOf<Redis<"resp3">>().toExtend<IoredisBusClient>();
    expectTypeOf<Redis<"resp3">>().toExtend<IoredisSubscriber>();
  });

  it("refuses the other library's client at compile time", () => {
    expectTypeOf<Redis>().not.toExtend<RedisBusClient>();
    expectTypeOf<NodeRedis>().not.toExtend<IoredisBusClient>();
    expectTypeOf<NodeRedis>().not.toExtend<IoredisSubscriber>();
  });

  it("returns core's InvalidationBus from every entry point", () => {
    expectTypeOf(nodeRedisBus).returns.toEqualTypeOf<InvalidationBus>();
    expectTypeOf(ioredisBus).returns.toEqualTypeOf<InvalidationBus>();
    expectTypeOf(redisBus).toEqualTypeOf(nodeRedisBus);
  });
});
