import type { KeywardStore } from "@keyward/core";
import type { Miniflare } from "miniflare";
import { describe, expectTypeOf, it } from "vitest";
import type { SqliteStore } from "./base";
import { sqliteStore } from "./drivers/better-sqlite3";
import { bunSqliteStore } from "./drivers/bun-sqlite";
import { type D1DatabaseLike, d1Store } from "./drivers/d1";
import { nodeSqliteStore } from "./drivers/node-sqlite";
import { sqliteStore as rootSqliteStore } from "./index";

describe("driver types", () => {
  it("the synchronous drivers return a SqliteStore (with close()), D1 a KeywardStore", () => {
    expectTypeOf(sqliteStore).returns.toEqualTypeOf<SqliteStore>();
    expectTypeOf(nodeSqliteStore).returns.toEqualTypeOf<SqliteStore>();
    expectTypeOf(bunSqliteStore).returns.toEqualTypeOf<SqliteStore>();
    expectTypeOf(d1Store).returns.toEqualTypeOf<KeywardStore>();
  });

  it("keeps sqliteStore on the root import", () => {
    expectTypeOf(rootSqliteStore).toEqualTypeOf(sqliteStore);
  });

  it("takes a D1 binding as Cloudflare's types describe it", () => {
    expectTypeOf<Awaited<ReturnType<Miniflare["getD1Database"]>>>().toExtend<D1DatabaseLike>();
  });

  it("takes only the options a driver has: no busy timeout on D1", () => {
    expectTypeOf(d1Store).parameter(1).toEqualTypeOf<{ readonly tablePrefix?: string } | undefined>();
  });
});
