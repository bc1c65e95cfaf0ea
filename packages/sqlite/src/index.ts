export { createSqliteStore, type SqliteStoreOptions } from "./base";
export type { SqliteClient, SqlRow, SqlValue } from "./client";
export { betterSqlite3Client, sqliteStore } from "./drivers/better-sqlite3";
