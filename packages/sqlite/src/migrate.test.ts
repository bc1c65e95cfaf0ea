import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteStore } from "./drivers/better-sqlite3";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
const dbs: Database.Database[] = [];

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "keyward-sqlite-migrate-"));
  dirs.push(dir);
  return join(dir, "keyward.db");
}

function open(file: string, options: Database.Options = {}): Database.Database {
  const db = new Database(file, options);
  db.pragma("journal_mode = WAL");
  dbs.push(db);
  return db;
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const version = (db: Database.Database, prefix = "keyward_") =>
  (db.prepare(`SELECT value FROM ${prefix}meta WHERE key = 'schema_version'`).get() as { value: string })
    .value;

describe("migrate()", () => {
  it("touches nothing before migrate(), then creates the versioned schema with its indexes", async () => {
    const db = open(tempFile());
    const store = sqliteStore(db);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master").get()).toEqual({ n: 0 });
    await store.migrate();
    expect(version(db)).toBe("1");
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      "keyward_keys",
      "keyward_meta",
      "keyward_roles",
      "keyward_settings",
      "keyward_users",
    ]);
    const indexes = db.prepare("PRAGMA index_list(keyward_keys)").all() as { name: string; unique: number }[];
    expect(indexes.find((index) => index.name === "keyward_keys_hash")?.unique).toBe(1);
    expect(indexes.find((index) => index.name === "keyward_keys_user_id")?.unique).toBe(0);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM keyward_keys WHERE hash = ?").all("x") as {
      detail: string;
    }[];
    expect(plan.map((step) => step.detail).join(" ")).toContain("USING INDEX keyward_keys_hash");
  });

  it("is idempotent: a second migrate(), on this or another connection, changes nothing", async () => {
    const file = tempFile();
    const db = open(file);
    const store = sqliteStore(db);
    await store.migrate();
    await store.setPublicRole("public");
    const schema = db.prepare("SELECT sql FROM sqlite_master ORDER BY name").pluck().all();
    await store.migrate();
    await sqliteStore(open(file)).migrate();
    expect(db.prepare("SELECT sql FROM sqlite_master ORDER BY name").pluck().all()).toEqual(schema);
    expect(db.prepare("SELECT count(*) FROM keyward_meta").pluck().get()).toBe(1);
    expect(version(db)).toBe("1");
    expect(await store.getPublicRole()).toBe("public");
  });

  it("takes the write lock first: while another connection writes, it waits rather than half-migrating", async () => {
    const file = tempFile();
    const holder = open(file);
    holder.exec("CREATE TABLE app_data (x INTEGER)");
    const waiting = sqliteStore(open(file, { timeout: 0 }));
    holder.exec("BEGIN IMMEDIATE");
    await expect(waiting.migrate()).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    holder.exec("COMMIT");
    expect(
      holder.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'keyward_%'").pluck().get(),
    ).toBe(0);
    await waiting.migrate();
    expect(version(holder)).toBe("1");
  });

  it("is safe from several processes at once", async () => {
    const file = tempFile();
    const signal = `${file}.go`;
    const child = join(here, "../test/fixtures/migrate-child.ts");
    const runs = Array.from({ length: 3 }, () =>
      run(process.execPath, ["--conditions=@keyward/source", "--import", "tsx", child, file, signal], {
        cwd: join(here, ".."),
        timeout: 60_000,
      }),
    );
    // Every child is waiting on the signal before any migrates: they race for the lock.
    writeFileSync(signal, "");
    const outputs = await Promise.all(runs);
    expect(outputs.map((output) => output.stdout)).toEqual(["1", "1", "1"]);
    const db = open(file);
    expect(db.prepare("SELECT count(*) FROM keyward_meta").pluck().get()).toBe(1);
  }, 90_000);

  it("refuses a schema newer than it knows, and leaves it alone", async () => {
    const db = open(tempFile());
    const store = sqliteStore(db);
    await store.migrate();
    db.prepare("UPDATE keyward_meta SET value = '99' WHERE key = 'schema_version'").run();
    await expect(store.migrate()).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(version(db)).toBe("99");
    expect(db.inTransaction).toBe(false);
  });
});
