import { Pool as NeonPool } from "@neondatabase/serverless";
import { describe, expect, it } from "vitest";
import { type PgPoolLike, postgresStore } from "./pg";

describe("postgresStore: arguments", () => {
  it.each([
    ["a postgres.js-like instance", Object.assign(() => {}, { unsafe: () => {}, begin: () => {} })],
    ["null", null],
    ["an object without connect", { query: () => {} }],
  ])("refuses %s", (_name, client) => {
    expect(() => postgresStore(client as unknown as PgPoolLike)).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("accepts the Pool of @neondatabase/serverless (pg's Pool shape) without connecting", async () => {
    // Only the shape is checked here: Neon's Pool speaks over WebSockets to Neon's proxy, which the
    // test server does not have.
    const pool = new NeonPool({ connectionString: "postgres://user:secret@db.example.invalid/app" });
    expect(() => postgresStore(pool, { schema: "app" })).not.toThrow();
    expect(pool.totalCount).toBe(0);
    await pool.end();
  });
});
