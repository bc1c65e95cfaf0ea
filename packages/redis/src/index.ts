// The root keeps the node-redis store it has always exported; each driver also has its own subpath
// (`@keyward/redis/node-redis`, `@keyward/redis/ioredis`), so neither client is needed for the other.

export type { RedisStoreOptions } from "./base";
export type { RedisBusOptions } from "./bus";
export {
  type RedisClusterCommandClient,
  type RedisCommandClient,
  redisBus,
  redisStore,
} from "./drivers/node-redis";
export { type MigrateReport, SCHEMA_VERSION } from "./migrate";
