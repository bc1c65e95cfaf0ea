import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";
import { inject } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** The result of one run of the binary. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Which binary to start: the source as it is (works on a fresh clone, no build), or the published
 * entry point `dist/bin.js` (the cli project's global setup builds it when missing or stale).
 */
export type CliMode = "source" | "built";

/** Options of one run: working directory, extra environment and text for stdin. */
export interface CliRunOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly input?: string;
}

/** The `keyward` binary in one mode, started as a real process on every run. */
export interface KeywardBinary {
  run(args: readonly string[], options: CliRunOptions): Promise<CliRun>;
  /** Removes what preparing it wrote. */
  dispose(): Promise<void>;
}

/**
 * Bundles `src/bin.ts` with the workspace packages it imports, read from source through the
 * `@keyward/source` condition; dependencies stay imports. Starting the binary through tsx instead
 * compiles every module again on each start, about 0.5 s of CPU against 0.15 s, and a flow starts
 * it 22 times. The bundle lives under this package's node_modules so its imports resolve as the
 * source's do.
 */
async function bundleSource(): Promise<{ entry: string; dir: string }> {
  const cache = join(packageDir, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, "keyward-cli-test-"));
  await build({
    config: false,
    tsconfig: join(packageDir, "tsconfig.json"),
    entry: { bin: join(packageDir, "src", "bin.ts") },
    outDir: dir,
    outExtension: () => ({ js: ".mjs" }),
    format: ["esm"],
    platform: "node",
    target: "node20",
    skipNodeModulesBundle: true,
    // Workspace packages and core's `#sha256` import map come from source, as tsx would load them.
    noExternal: [/^@keyward\//, /^#/],
    esbuildOptions: (options) => {
      options.conditions = ["@keyward/source"];
    },
    silent: true,
  });
  return { entry: join(dir, "bin.mjs"), dir };
}

/**
 * Prepares the binary in `mode`: bundles the source, or checks that `dist/bin.js` is there.
 * @param mode - source or built
 */
export async function keywardBinary(mode: CliMode): Promise<KeywardBinary> {
  if (mode === "built") {
    const failure = inject("keywardDistFailure");
    if (failure) throw new Error(failure);
    const entry = join(packageDir, "dist", "bin.js");
    if (!existsSync(entry)) throw new Error(`${entry} is missing: the cli project's global setup builds it`);
    return { run: (args, options) => runNode(entry, args, options), dispose: async () => {} };
  }
  const { entry, dir } = await bundleSource();
  return {
    run: (args, options) => runNode(entry, args, options),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An environment without the caller's KEYWARD_* settings, so only what a test passes applies. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("KEYWARD_") && value !== undefined) env[name] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

function runNode(entry: string, args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
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
