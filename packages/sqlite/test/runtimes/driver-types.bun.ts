// Type check only (test/runtimes/tsconfig.bun.json): Bun's own `Database` fits the shape the
// bun:sqlite driver declares, so `bunSqliteStore(new Database(file))` compiles for Bun users.
import { Database } from "bun:sqlite";
import type { BunSqliteDatabase } from "../../src/drivers/bun-sqlite";

export const fits: BunSqliteDatabase = new Database(":memory:");
