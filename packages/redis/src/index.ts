export { type MigrateReport, SCHEMA_VERSION } from "./migrate";
export type { RedisCommandClient } from "./redis-client";
export { type RedisStoreOptions, redisStore } from "./redis-store";
