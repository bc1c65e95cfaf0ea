export { type AsyncSqliteStoreOptions, createAsyncSqliteStore } from "./async-base";
export { createSqliteStore, type SqliteStore } from "./base";
export type { AsyncSqliteClient, SqliteClient, SqlRow, SqlStatement, SqlValue } from "./client";
export { betterSqlite3Client, sqliteStore } from "./drivers/better-sqlite3";
export { type MigrationSqlOptions, migrationSql } from "./migration-file";
export type { SqliteStoreOptions } from "./options";
