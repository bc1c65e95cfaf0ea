export { SCHEMA_VERSION } from "./migrations";
export { type PgPoolLike, type PostgresStoreOptions, postgresStore } from "./pg-driver";
