// Builds `dist` of core and hono when it is missing or older than the sources, so that the runtime
// matrix works on a fresh clone with a bare `pnpm test`.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

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

/**
 * Rebuilds each named package whose `dist` is missing or stale (core first, as a user would).
 * @param names - directory names under `packages/`
 * @returns the packages that were rebuilt
 */
export function ensureDist(names: readonly string[]): string[] {
  const rebuilt: string[] = [];
  for (const name of names) {
    const dir = join(packagesDir, name);
    if (!isStale(dir)) continue;
    try {
      execFileSync("pnpm", ["run", "build"], { cwd: dir, stdio: "pipe", encoding: "utf8" });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`building packages/${name} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
    }
    rebuilt.push(name);
  }
  return rebuilt;
}
