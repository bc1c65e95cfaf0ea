export type { PostgresBusOptions } from "./bus";
export {
  type PostgresJsQueryable,
  type PostgresJsResult,
  type PostgresJsSqlLike,
  postgresJsStore,
} from "./drivers/postgres-js";
export {
  type PostgresJsBusOptions,
  type PostgresJsBusSql,
  type PostgresJsListenSql,
  postgresJsBus,
} from "./drivers/postgres-js-bus";
export { SCHEMA_VERSION } from "./migrations";
export type { PostgresStoreOptions } from "./options";
