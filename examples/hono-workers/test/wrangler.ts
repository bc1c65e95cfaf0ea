// The pinned wrangler, run as a developer runs it in this directory: to bundle the Worker as
// `wrangler deploy` does and to apply migrations/ to a local D1 database.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** The example's directory: wrangler reads wrangler.toml and migrations/ from there. */
export const EXAMPLE_DIR = join(import.meta.dirname, "..");

const WRANGLER = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const CONFIG = readFileSync(join(EXAMPLE_DIR, "wrangler.toml"), "utf8");

function configValue(name: string): string {
  const value = new RegExp(`^${name} = "([^"]+)"`, "m").exec(CONFIG)?.[1];
  if (value === undefined) throw new Error(`wrangler.toml has no ${name}`);
  return value;
}

/** wrangler.toml's `database_id`: a local D1 database is found by it. */
export const DATABASE_ID = configValue("database_id");
/** wrangler.toml's `compatibility_date`. */
export const COMPATIBILITY_DATE = configValue("compatibility_date");

/**
 * Runs `wrangler <args>` in the example's directory; resolves with what it printed, rejects with it.
 * stdin is not a terminal, so wrangler asks no questions.
 * @param args - the command and its options
 * @param env - extra environment
 */
export function wrangler(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [WRANGLER, ...args],
      // No usage reports from a test run, and no colour codes in what a failure prints.
      { cwd: EXAMPLE_DIR, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", ...env } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`wrangler ${args.join(" ")} failed:\n${stdout}\n${stderr}`));
        else resolve(`${stdout}${stderr}`);
      },
    );
  });
}

/**
 * Bundles the Worker as `wrangler deploy` uploads it (`--dry-run` stops before the upload, and
 * needs no account), into `outdir/index.js`, with esbuild's metafile at `metafile`. The packages
 * are bundled from their TypeScript (`@keyward/source`, as `pnpm dev` does), so no `pnpm build`
 * is needed; the other conditions are wrangler's own.
 * @param outdir - where wrangler writes the bundle
 * @param metafile - where wrangler writes esbuild's metafile
 * @param minify - bundle with `--minify`
 */
export async function bundleWorker(outdir: string, metafile: string, minify: boolean): Promise<void> {
  await wrangler(
    ["deploy", "--dry-run", "--outdir", outdir, "--metafile", metafile, ...(minify ? ["--minify"] : [])],
    { WRANGLER_BUILD_CONDITIONS: "@keyward/source,workerd,worker,browser" },
  );
}

/**
 * `wrangler d1 migrations apply DB --local`: the migrations not yet applied to the local database
 * kept under `persistTo`, as `pnpm dev` applies them before `wrangler dev`.
 * @param persistTo - wrangler's `--persist-to` directory; the D1 files go to `<persistTo>/v3/d1`
 */
export async function applyMigrations(persistTo: string): Promise<string> {
  return wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
}
