import { execFileSync, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPORT_SCRIPT = fileURLToPath(new URL("./wrk-report.lua", import.meta.url));
const REPORT_PREFIX = "KEYWARD_WRK ";

/** What one wrk run did, and what it cost wrk itself. */
export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  /** Answers that were not 2xx or 3xx. */
  readonly non2xx: number;
  /** Socket errors: connect, read, write, timeout. */
  readonly socketErrors: number;
  /** wrk's own CPU time (user + system), in µs, from /proc/self/stat at the end of the run. */
  readonly cpuUs: number;
}

/** Options of {@link runWrk}. */
export interface WrkOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Whole seconds: wrk takes no finer duration. */
  readonly seconds: number;
  readonly connections: number;
  /** The core wrk is pinned to (`taskset -c`). */
  readonly core: number;
}

function hasWrk(): boolean {
  return spawnSync("sh", ["-c", "command -v wrk"], { stdio: "ignore" }).status === 0;
}

/**
 * Makes sure `wrk` is installed: installs Debian's package when running as root, and otherwise
 * stops with a message that says how.
 */
export function ensureWrk(): void {
  if (hasWrk()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      "wrk is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y wrk; macOS: brew install wrk) and run again.",
    );
  }
  console.log("wrk is missing: apt-get install -y wrk");
  let install = spawnSync("apt-get", ["install", "-y", "wrk"], { stdio: "inherit" });
  if (install.status !== 0) {
    // A fresh machine may not have read the package lists yet.
    spawnSync("apt-get", ["update"], { stdio: "inherit" });
    install = spawnSync("apt-get", ["install", "-y", "wrk"], { stdio: "inherit" });
  }
  if (install.status !== 0 || !hasWrk())
    throw new Error("apt-get install -y wrk failed: install wrk by hand");
}

let ticksPerSecond: number | undefined;
function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

/**
 * Loads `url` with wrk (1 thread) pinned to one core, and reports the requests served and wrk's own
 * CPU time, so the caller can check that the generator is not what limits the run.
 * @param options - target, headers, duration, connections, core
 */
export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const headerArgs = Object.entries(options.headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
  const args = [
    "-c",
    String(options.core),
    "wrk",
    "-t1",
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--timeout",
    "10s",
    "-s",
    REPORT_SCRIPT,
    ...headerArgs,
    options.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("taskset", args, { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = output.split("\n").find((candidate) => candidate.startsWith(REPORT_PREFIX));
      if (code !== 0 || line === undefined) {
        reject(new Error(`wrk exited with ${code}:\n${output}`));
        return;
      }
      const report = JSON.parse(line.slice(REPORT_PREFIX.length)) as Record<string, number>;
      const ticks = report.utimeTicks! + report.stimeTicks!;
      resolve({
        requests: report.requests!,
        seconds: report.durationUs! / 1e6,
        non2xx: report.status!,
        socketErrors: report.connect! + report.read! + report.write! + report.timeout!,
        cpuUs: (ticks / clockTicksPerSecond()) * 1e6,
      });
    });
  });
}
