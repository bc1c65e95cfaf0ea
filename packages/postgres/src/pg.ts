export type { PostgresBusOptions } from "./bus";
export {
  type PgPoolLike,
  type PgQueryable,
  type PgResult,
  postgresStore,
} from "./drivers/pg";
export { type PgBusOptions, type PgListenClient, postgresBus } from "./drivers/pg-bus";
export { SCHEMA_VERSION } from "./migrations";
export type { PostgresStoreOptions } from "./options";
