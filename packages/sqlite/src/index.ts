export { createSqliteStore, type SqliteStore } from "./base";
export type { SqliteClient, SqlRow, SqlValue } from "./client";
export { betterSqlite3Client, sqliteStore } from "./drivers/better-sqlite3";
export type { SqliteStoreOptions } from "./options";
