import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** The result of one run of the binary. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to start the binary: from source through tsx (works on a fresh clone) or the built dist/bin.js. */
export type CliMode = "source" | "built";

/** The built binary, and whether it is usable: present and newer than every source file. */
export function builtBin(): { path: string; skipReason: string | null } {
  const path = join(packageDir, "dist", "bin.js");
  if (!existsSync(path)) return { path, skipReason: "dist/bin.js is missing: run `pnpm build` first" };
  const built = statSync(path).mtimeMs;
  const sources = [join(packageDir, "src"), join(packageDir, "src", "commands")].flatMap((dir) =>
    readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .map((file) => join(dir, file)),
  );
  if (sources.some((file) => statSync(file).mtimeMs > built)) {
    return { path, skipReason: "dist/bin.js is older than src/: run `pnpm build` first" };
  }
  const coreDist = join(packageDir, "..", "core", "dist", "index.js");
  if (!existsSync(coreDist))
    return { path, skipReason: "@keyward/core is not built: run `pnpm build` first" };
  return { path, skipReason: null };
}

/** An environment without the caller's KEYWARD_* settings, so only what a test passes applies. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("KEYWARD_") && value !== undefined) env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

/**
 * Runs the real `keyward` binary in a child process.
 * @param args - command-line arguments
 * @param options - working directory, extra environment, text for stdin, and the mode
 */
export function runKeyward(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; input?: string; mode?: CliMode },
): Promise<CliRun> {
  const mode = options.mode ?? "source";
  const entry =
    mode === "source"
      ? ["--conditions=@keyward/source", "--import", tsxLoader, join(packageDir, "src", "bin.ts")]
      : [builtBin().path];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: options.cwd,
      env: cleanEnv(options.env ?? {}),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
