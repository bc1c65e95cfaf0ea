/**
 * Where a benchmark server's CPU goes per request: starts each named server as the benchmark does
 * (pinned to core 0, wrk on core 1), warms it, records a CPU profile inside it while wrk loads it,
 * and prints the profile summarised by package and function, per request (cpuprofile-summary.ts).
 *
 * Run: from bench/, node --conditions=@keyward/source --import tsx http/profile.ts [framework:variant …]
 * Default: express5:empty express5:keyward hono:empty hono:keyward.
 * Env: KEYWARD_PROFILE_SECONDS (default 8), KEYWARD_PROFILE_INTERVAL_US (default 250),
 * KEYWARD_PROFILE_DIR (default: a folder in the system's temp dir; the .cpuprofile files stay there
 * for Chrome DevTools or speedscope).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rerunPinnedToCore } from "../lib/pin-to-core";
import { type CpuProfile, formatSummary, summariseProfile } from "./cpuprofile-summary";
import { measure } from "./lib/measure";
import { ServerProcess } from "./lib/server-process";
import { ensureWrk, runWrk } from "./lib/wrk";

rerunPinnedToCore(1);
ensureWrk();

const SECONDS = Number(process.env.KEYWARD_PROFILE_SECONDS ?? 8);
const INTERVAL_US = Number(process.env.KEYWARD_PROFILE_INTERVAL_US ?? 250);
const dir = process.env.KEYWARD_PROFILE_DIR ?? join(tmpdir(), "keyward-profiles");
mkdirSync(dir, { recursive: true });
const names = process.argv.slice(2);
const targets =
  names.length > 0 ? names : ["express5:empty", "express5:keyward", "hono:empty", "hono:keyward"];

for (const name of targets) {
  const [framework, variant] = name.split(":") as [string, string];
  const server = await ServerProcess.start({ framework, variant }, 0);
  try {
    await measure(server, { seconds: 3, connections: 50, wrkCore: 1 });
    const path = join(dir, `${framework}-${variant}.cpuprofile`);
    await server.startProfile(INTERVAL_US);
    const result = await runWrk({
      url: server.url,
      headers: server.headers,
      seconds: SECONDS,
      connections: 50,
      core: 1,
    });
    await server.stopProfile(path);
    if (result.non2xx > 0 || result.socketErrors > 0) throw new Error(`${name}: failed requests under load`);
    const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
    console.log(
      `\n######## ${name}: ${(result.requests / result.seconds).toFixed(0)} req/s under the profiler; ${path}`,
    );
    console.log(
      formatSummary(summariseProfile(profile), { requests: result.requests, top: 20, focus: "@keyward/" }),
    );
  } finally {
    await server.stop();
  }
}
