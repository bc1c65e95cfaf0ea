import type { Pool as NeonPool } from "@neondatabase/serverless";
import type pg from "pg";
import type postgres from "postgres";
import { describe, expectTypeOf, it } from "vitest";
import type { PgPoolLike } from "./pg";
import type { PgListenClient } from "./pg-bus";
import type { PostgresJsQueryable, PostgresJsSqlLike } from "./postgres-js";
import type { PostgresJsBusSql } from "./postgres-js-bus";

describe("the client shapes the drivers accept", () => {
  it("takes a pg Pool and the Pool of @neondatabase/serverless for the pg driver", () => {
    expectTypeOf<pg.Pool>().toExtend<PgPoolLike>();
    expectTypeOf<NeonPool>().toExtend<PgPoolLike>();
  });

  it("takes postgres.js instances, with custom types too, and their transactions", () => {
    expectTypeOf<postgres.Sql>().toExtend<PostgresJsSqlLike>();
    expectTypeOf<postgres.Sql<{ bigint: bigint }>>().toExtend<PostgresJsSqlLike>();
    expectTypeOf<postgres.TransactionSql>().toExtend<PostgresJsQueryable>();
  });

  it("keeps the two drivers' clients apart", () => {
    expectTypeOf<pg.Pool>().not.toExtend<PostgresJsSqlLike>();
    expectTypeOf<postgres.Sql>().not.toExtend<PgPoolLike>();
  });

  it("takes a pg Client to listen on, and postgres.js instances for the bus", () => {
    expectTypeOf<pg.Client>().toExtend<PgListenClient>();
    expectTypeOf<postgres.Sql>().toExtend<PostgresJsBusSql>();
  });
});
