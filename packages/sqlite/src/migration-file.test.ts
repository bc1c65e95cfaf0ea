import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { KeywardError } from "@keyward/core";
import Database from "better-sqlite3";
import { Miniflare } from "miniflare";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteStore } from "./drivers/better-sqlite3";
import { d1Store } from "./drivers/d1";
import { migrationSql } from "./migration-file";

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, "..");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "keyward-migration-file-"));
  dirs.push(dir);
  return dir;
};

// The schema as SQLite records it, and the version row: what must not differ between the two ways.
// D1's own tables (`_cf_*`) and wrangler's bookkeeping (`d1_migrations`, which uses AUTOINCREMENT)
// are left out.
const SCHEMA = `SELECT type, name, tbl_name, sql FROM sqlite_master
  WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE '%d1\\_migrations%' ESCAPE '\\'
    AND name <> 'sqlite_sequence' ORDER BY name`;
const meta = (prefix: string) => `SELECT key, value FROM ${prefix}meta ORDER BY key`;

describe("migrationSql", () => {
  it.each(["keyward_", "auth_"])(
    "with prefix %s, creates on better-sqlite3 exactly what migrate() creates, and migrate() then changes nothing",
    async (prefix) => {
      const byFile = new Database(":memory:");
      const byMigrate = new Database(":memory:");
      byFile.exec(migrationSql({ tablePrefix: prefix }));
      await sqliteStore(byMigrate, { tablePrefix: prefix }).migrate();
      const schema = byMigrate.prepare(SCHEMA).raw().all();
      expect(schema.length).toBeGreaterThan(8);
      expect(byFile.prepare(SCHEMA).raw().all()).toEqual(schema);
      expect(byFile.prepare(meta(prefix)).raw().all()).toEqual([["schema_version", "1"]]);
      await sqliteStore(byFile, { tablePrefix: prefix }).migrate();
      expect(byFile.prepare(SCHEMA).raw().all()).toEqual(schema);
      expect(byFile.prepare(meta(prefix)).raw().all()).toEqual(byMigrate.prepare(meta(prefix)).raw().all());
    },
  );

  it("has no transaction statements (D1 refuses them) and one statement per `;` line end", () => {
    const sql = migrationSql();
    expect(sql).not.toMatch(/\b(BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b/i);
    expect(sql.split(";\n").at(-1)).toBe("");
  });

  it("refuses a prefix or a starting version it cannot have", () => {
    expect(() => migrationSql({ tablePrefix: "x; DROP TABLE y" })).toThrow(KeywardError);
    for (const from of [-1, 1, 0.5, Number.NaN]) expect(() => migrationSql({ from })).toThrow(KeywardError);
  });

  it("is what the package script prints", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--conditions=@keyward/source", "--import", "tsx", "src/migration-cli.ts", "--table-prefix", "auth_"],
      { cwd: packageDir },
    );
    expect(stdout).toBe(migrationSql({ tablePrefix: "auth_" }));
  });

  it("applied by `wrangler d1 migrations apply --local`, gives D1 exactly the schema migrate() gives it", async () => {
    const dir = tempDir();
    const databaseId = "00000000-0000-4000-8000-000000000001";
    mkdirSync(join(dir, "migrations"));
    writeFileSync(join(dir, "migrations", "0001_keyward.sql"), migrationSql());
    writeFileSync(join(dir, "worker.js"), "export default {};\n");
    writeFileSync(
      join(dir, "wrangler.toml"),
      [
        'name = "keyward-migration-check"',
        'main = "worker.js"',
        'compatibility_date = "2025-08-01"',
        "[[d1_databases]]",
        'binding = "DB"',
        'database_name = "keyward"',
        `database_id = "${databaseId}"`,
        'migrations_dir = "migrations"',
      ].join("\n"),
    );
    await run(
      join(packageDir, "node_modules", ".bin", "wrangler"),
      ["d1", "migrations", "apply", "DB", "--local", "--persist-to", join(dir, "state")],
      { cwd: dir, env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } },
    );

    const mf = new Miniflare({
      modules: true,
      script: "export default {}",
      d1Databases: { APPLIED: databaseId, FRESH: "fresh" },
      d1Persist: join(dir, "state", "v3", "d1"),
    });
    try {
      const applied = await mf.getD1Database("APPLIED");
      const fresh = await mf.getD1Database("FRESH");
      await d1Store(fresh).migrate();
      const schema = await fresh.prepare(SCHEMA).raw();
      expect(schema.length).toBeGreaterThan(8);
      expect(await applied.prepare(SCHEMA).raw()).toEqual(schema);
      expect(await applied.prepare(meta("keyward_")).raw()).toEqual([["schema_version", "1"]]);
      // The Worker's migrate() at startup then finds the schema current.
      await d1Store(applied).migrate();
      expect(await applied.prepare(SCHEMA).raw()).toEqual(schema);
      expect(await applied.prepare(meta("keyward_")).raw()).toEqual([["schema_version", "1"]]);
    } finally {
      await mf.dispose();
    }
  }, 120_000);
});
