import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { betterSqlite3Client, sqliteStore } from "./drivers/better-sqlite3";
import { writeLastUsed } from "./last-used";
import { tableNames } from "./schema";

const dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

async function withKeys(ids: string[]) {
  const db = new Database(":memory:");
  dbs.push(db);
  await sqliteStore(db).migrate();
  const insert = db.prepare(
    "INSERT INTO keyward_keys (id, kind, hash, start, created_at) VALUES (?, 'app', ?, 'API-00000000', 0)",
  );
  for (const id of ids) insert.run(id, `hash-${id}`);
  const lastUsed = () => db.prepare("SELECT id, last_used_at FROM keyward_keys ORDER BY id").raw().all();
  return { db, client: betterSqlite3Client(db), lastUsed };
}

describe("writeLastUsed", () => {
  it("writes one key, or several in one transaction", async () => {
    const { client, lastUsed } = await withKeys(["a", "b", "c"]);
    writeLastUsed(client, tableNames("keyward_"), [["a", 1]]);
    writeLastUsed(client, tableNames("keyward_"), [
      ["b", 2],
      ["c", 3],
    ]);
    expect(lastUsed()).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
  });

  it("inside a transaction of the application's, never ends it", async () => {
    const { db, client, lastUsed } = await withKeys(["a", "b"]);
    db.exec("BEGIN");
    writeLastUsed(client, tableNames("keyward_"), [["a", 1]]);
    // Several keys need a transaction of their own, which cannot start inside another: it fails
    // without rolling back the application's.
    expect(() =>
      writeLastUsed(client, tableNames("keyward_"), [
        ["a", 5],
        ["b", 5],
      ]),
    ).toThrow();
    expect(db.inTransaction).toBe(true);
    db.exec("COMMIT");
    expect(lastUsed()).toEqual([
      ["a", 1],
      ["b", null],
    ]);
  });
});
