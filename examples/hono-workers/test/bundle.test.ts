// What `wrangler deploy` uploads (bundled by global-setup.ts): Worker code only, measured against
// what the README reports; and the migration file, against what @keyward/sqlite generates today.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { describe, expect, inject, it } from "vitest";
import type { WorkerBundle } from "./global-setup";
import { EXAMPLE_DIR } from "./wrangler";

const bundles = inject("honoWorkersBundles");
const KIB = 1024;

interface Metafile {
  outputs: Record<
    string,
    { entryPoint?: string; imports: { path: string }[]; inputs: Record<string, { bytesInOutput: number }> }
  >;
}

const read = (bundle: WorkerBundle) => ({
  code: readFileSync(bundle.script),
  meta: JSON.parse(readFileSync(bundle.metafile, "utf8")) as Metafile,
});

/** The sizes wrangler prints as "Total Upload: … KiB / gzip: … KiB". */
const sizeOf = (code: Buffer) => ({ raw: code.length / KIB, gzip: gzipSync(code).length / KIB });

describe("the Worker bundle", () => {
  it.each(["plain", "minified"] as const)(
    "(%s) imports nothing from Node and holds no better-sqlite3",
    (name) => {
      const { code, meta } = read(bundles[name]);
      const worker = Object.values(meta.outputs).find((output) => output.entryPoint !== undefined);
      // The files that left code in the bundle (an import that was shaken off entirely leaves none).
      const inputs = Object.entries(worker?.inputs ?? {}).flatMap(([input, { bytesInOutput }]) =>
        bytesInOutput > 0 ? [input] : [],
      );
      for (const absent of [
        "node:",
        "better-sqlite3",
        "sha256-node",
        "lock-waits",
        "touch-queue",
        "memory-store",
      ]) {
        expect(inputs.filter((input) => input.includes(absent))).toEqual([]);
      }
      expect(inputs.some((input) => input.endsWith("packages/sqlite/src/drivers/d1.ts"))).toBe(true);
      expect(inputs.some((input) => input.endsWith("packages/core/src/hash/sha256-web.ts"))).toBe(true);
      // Nothing left for the runtime to resolve: every import was bundled.
      expect(worker?.imports).toEqual([]);
      const text = code.toString("utf8");
      expect(text.match(/(?:from|import|require)\s*\(?\s*["']node:[^"']*["']/g)).toBeNull();
      expect(text).not.toContain("better-sqlite3");
    },
  );

  it("is as large as the README says (within 10%)", () => {
    const readme = readFileSync(join(EXAMPLE_DIR, "README.md"), "utf8");
    for (const [name, row] of [
      ["plain", "as `wrangler deploy` uploads it"],
      ["minified", "with `--minify`"],
    ] as const) {
      // A table row, padded as the formatter pads it: | <row> | <raw> KiB | <gzip> KiB |
      const cells = readme
        .split("\n")
        .map((line) => line.split("|").map((cell) => cell.trim()))
        .find((line) => line[1] === row);
      const reported = cells && [cells[2], cells[3]].map((cell) => /^([\d.]+) KiB$/.exec(cell ?? "")?.[1]);
      expect(reported, `the README's size table has no row "${row}" with two sizes`).toEqual([
        expect.any(String),
        expect.any(String),
      ]);
      const now = sizeOf(read(bundles[name]).code);
      const update = `update the README's row "${row}": now ${now.raw.toFixed(1)} KiB | ${now.gzip.toFixed(1)} KiB`;
      expect(Math.abs(now.raw / Number(reported?.[0]) - 1), update).toBeLessThan(0.1);
      expect(Math.abs(now.gzip / Number(reported?.[1]) - 1), update).toBeLessThan(0.1);
    }
  });
});

describe("migrations/0001_keyward.sql", () => {
  it("is exactly what @keyward/sqlite's generator prints today (regenerate it after a schema change)", async () => {
    // `pnpm --silent --filter @keyward/sqlite migration-sql`, the command the README gives, is this.
    const sqliteDir = join(EXAMPLE_DIR, "..", "..", "packages", "sqlite");
    const tsx = pathToFileURL(createRequire(join(sqliteDir, "package.json")).resolve("tsx")).href;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--conditions=@keyward/source", "--import", tsx, "src/migration-cli.ts"],
      { cwd: sqliteDir },
    );
    expect(stdout).toMatch(/^-- keyward schema/);
    const checkedIn = readFileSync(join(EXAMPLE_DIR, "migrations", "0001_keyward.sql"), "utf8");
    expect(
      checkedIn,
      "run `pnpm --silent --filter @keyward/sqlite migration-sql > examples/hono-workers/migrations/0001_keyward.sql` at the repository root",
    ).toBe(stdout);
  });
});
