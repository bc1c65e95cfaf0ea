// Type check only (test/runtimes/tsconfig.node22.json, with Node 22's types): node:sqlite's own
// `DatabaseSync` fits the shape the node:sqlite driver declares, so `nodeSqliteStore(new
// DatabaseSync(file))` compiles for Node 22 users. (The repository's Node types are Node 20's.)
import { DatabaseSync } from "node:sqlite";
import type { NodeSqliteDatabase } from "../../src/drivers/node-sqlite";

export const fits: NodeSqliteDatabase = new DatabaseSync(":memory:");
