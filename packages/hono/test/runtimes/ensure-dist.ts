// Builds a package's `dist` when it is missing or older than its sources, so that the tests of
// built output (the runtime matrix, the CLI's built binary) work on a fresh clone with a bare
// `pnpm test`. Called from vitest global setups, which run one after another in the main process.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  interface ProvidedContext {
    /** Why building a dist failed in the global setup, or null when every dist is fresh. */
    keywardDistFailure: string | null;
  }
}

const packagesDir = join(import.meta.dirname, "..", "..", "..");

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (!/\.test(-d)?\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(packageDir: string): boolean {
  const built = join(packageDir, "dist", "index.js");
  if (!existsSync(built)) return true;
  const sourceTime = Math.max(
    newestSourceMtime(join(packageDir, "src")),
    statSync(join(packageDir, "package.json")).mtimeMs,
    statSync(join(packageDir, "tsup.config.ts")).mtimeMs,
  );
  return statSync(built).mtimeMs < sourceTime;
}

/** Runs `pnpm run build` in a package; rejects with everything the build printed. */
function build(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile("pnpm", ["run", "build"], { cwd: join(packagesDir, name) }, (error, stdout, stderr) => {
      if (error) reject(new Error(`building packages/${name} failed:\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

/**
 * Rebuilds each named package whose `dist` is missing or stale. The builds run at once: each reads
 * the others' types from source (the `@keyward/source` condition), never from their dist.
 * @param names - directory names under `packages/`
 * @returns the packages that were rebuilt
 */
export async function ensureDist(names: readonly string[]): Promise<string[]> {
  const stale = names.filter((name) => isStale(join(packagesDir, name)));
  const results = await Promise.allSettled(stale.map(build));
  const failures = results.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
  if (failures.length > 0) throw new Error(failures.join("\n"));
  return stale;
}

/**
 * For a vitest global setup: builds the named packages' dist now and before each watch-mode rerun,
 * and hands the outcome to the project's tests as `inject("keywardDistFailure")`. A failed build
 * fails only the tests of built output, not the whole run.
 * @param project - the test project whose tests read the dist
 * @param names - directory names under `packages/`
 */
export async function provideDist(project: TestProject, names: readonly string[]): Promise<void> {
  const build = async () => {
    try {
      await ensureDist(names);
      project.provide("keywardDistFailure", null);
    } catch (error) {
      project.provide("keywardDistFailure", (error as Error).message);
    }
  };
  await build();
  project.onTestsRerun(build);
}
