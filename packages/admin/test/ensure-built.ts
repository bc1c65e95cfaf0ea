import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's directory. */
export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** The file the build writes last: when it is fresh, the whole dist is. */
const LAST_OUTPUT = join(PACKAGE_DIR, "dist", "console-files.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!/\.test(-d)?\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(LAST_OUTPUT)) return true;
  const sources = Math.max(
    newestMtime(join(PACKAGE_DIR, "src")),
    statSync(join(PACKAGE_DIR, "package.json")).mtimeMs,
    statSync(join(PACKAGE_DIR, "tsup.config.ts")).mtimeMs,
  );
  return statSync(LAST_OUTPUT).mtimeMs < sources;
}

/** Runs `pnpm run build` in packages/admin when dist is missing or older than a source file. */
export function ensureBuilt(): Promise<void> {
  if (!isStale()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    execFile("pnpm", ["run", "build"], { cwd: PACKAGE_DIR }, (error, stdout, stderr) => {
      if (error) reject(new Error(`building packages/admin failed:\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}
