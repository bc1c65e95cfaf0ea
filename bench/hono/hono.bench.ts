/**
 * Requests per second of Hono on @hono/node-server with keyward (apiKeyAuth + requirePermission,
 * memory store, valid key) against the same app with two empty async middlewares in their place
 * (the floor), bare Hono, and `hono/bearer-auth` with one fixed token.
 *
 * Goals (issue 5): keyward keeps at least 95% of the empty-middleware app's requests per second, and
 * serves at least 2.5x the requests per second of bearerAuth.
 *
 * Each server runs in its own child process pinned to core 0 (`taskset -c 0`); this process, the load
 * generator, re-runs itself pinned to core 1. All servers start (and warm up) once and stay up, so
 * rounds compare warm processes; rounds are interleaved (bare, empty, keyward, bearer, bare, …) so
 * that drift on a shared machine hits every variant alike; medians are reported.
 *
 * Run: from bench/, node --conditions=@keyward/source --import tsx hono/hono.bench.ts
 * Env: KEYWARD_BENCH_SECONDS (default 2), KEYWARD_BENCH_ROUNDS (default 8), KEYWARD_BENCH_VARIANTS
 * (comma-separated subset, default all four). Many short interleaved rounds rather than a few long
 * ones: on a shared machine the median of eight samples moves less. The default run takes about 75 s.
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { rerunPinnedToCore } from "../lib/pin-to-core";
import type { Variant } from "./server";

// The load generator on core 1; the servers get core 0.
rerunPinnedToCore(1);

const SECONDS = Number(process.env.KEYWARD_BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.KEYWARD_BENCH_ROUNDS ?? 8);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;
const ALL: Variant[] = ["bare", "empty", "keyward", "bearer"];
// KEYWARD_BENCH_VARIANTS=empty,keyward narrows a run (the ratios need "empty"; bearer's needs "bearer").
// "authenticate" (the floor plus keyward.authenticate() alone) is a diagnostic, run only when named.
const KNOWN: Variant[] = [...ALL, "authenticate"];
const variants = (process.env.KEYWARD_BENCH_VARIANTS?.split(",") ?? ALL).filter((v): v is Variant =>
  KNOWN.includes(v as Variant),
);
const serverFile = fileURLToPath(new URL("./server.ts", import.meta.url));

interface Round {
  rps: number;
  cpuUsPerRequest: number;
}

interface Started {
  child: ChildProcess;
  port: number;
  headers: Record<string, string>;
}

async function startServer(variant: Variant): Promise<Started> {
  const child = fork(serverFile, [variant], {
    execPath: "taskset",
    execArgv: ["-c", "0", process.execPath, "--conditions=@keyward/source", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [ready] = (await once(child, "message")) as [{ port: number; headers: Record<string, string> }];
  return { child, ...ready };
}

async function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  child.send("cpu");
  const [message] = (await once(child, "message")) as [{ cpu: NodeJS.CpuUsage }];
  return message.cpu;
}

function load(server: Started, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${server.port}/api/posts`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: server.headers,
  });
}

async function measure(variant: Variant, server: Started): Promise<Round> {
  const before = await cpuOf(server.child);
  const result = await load(server, SECONDS);
  const after = await cpuOf(server.child);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${variant}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  const cpu = after.user - before.user + (after.system - before.system);
  return { rps: result.requests.total / SECONDS, cpuUsPerRequest: cpu / result.requests.total };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const servers = new Map<Variant, Started>();
for (const variant of variants) {
  const server = await startServer(variant);
  servers.set(variant, server);
  await load(server, WARMUP_SECONDS);
}
const rounds = new Map<Variant, Round[]>(variants.map((variant) => [variant, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of variants) {
    const measured = await measure(variant, servers.get(variant)!);
    rounds.get(variant)!.push(measured);
    console.log(
      `round ${round + 1} ${variant.padEnd(8)} ${measured.rps.toFixed(0).padStart(7)} req/s  ${measured.cpuUsPerRequest.toFixed(1).padStart(6)} µs CPU/req`,
    );
  }
}

for (const server of servers.values()) {
  server.child.send("exit");
  await once(server.child, "exit");
}

const summary = variants.map((variant) => {
  const list = rounds.get(variant)!;
  return { variant, rps: median(list.map((r) => r.rps)), cpu: median(list.map((r) => r.cpuUsPerRequest)) };
});
const row = (name: Variant) => summary.find((entry) => entry.variant === name);
const floor = row("empty") ?? summary[0]!;
console.log(
  `\nmedians of ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections (server on core 0, load on core 1; shared machine)`,
);
// "capacity" is 1e6 / (server CPU µs per request): the rate one dedicated core would sustain. On a
// shared machine it is steadier than req/s, which also measures how much CPU the neighbours left.
console.log(
  `${"variant".padEnd(10)} ${"req/s".padStart(8)} ${"vs empty".padStart(9)} ${"µs CPU/req".padStart(11)} ${"capacity".padStart(9)} ${"vs empty".padStart(9)}`,
);
for (const entry of summary) {
  console.log(
    `${entry.variant.padEnd(10)} ${entry.rps.toFixed(0).padStart(8)} ${`${((entry.rps / floor.rps) * 100).toFixed(1)}%`.padStart(9)} ${entry.cpu.toFixed(1).padStart(11)} ${(1e6 / entry.cpu).toFixed(0).padStart(9)} ${`${((floor.cpu / entry.cpu) * 100).toFixed(1)}%`.padStart(9)}`,
  );
}
const keywardRow = row("keyward");
const emptyRow = row("empty");
const bearerRow = row("bearer");
const verdict = (met: boolean) => (met ? "MET" : "NOT MET");
if (keywardRow && emptyRow) {
  const byRps = keywardRow.rps / emptyRow.rps;
  const byCpu = emptyRow.cpu / keywardRow.cpu;
  console.log(
    `goal: keyward / empty middlewares >= 95%: req/s ${(byRps * 100).toFixed(1)}% ${verdict(byRps >= 0.95)}, capacity ${(byCpu * 100).toFixed(1)}% ${verdict(byCpu >= 0.95)}`,
  );
}
if (keywardRow && bearerRow) {
  const byRps = keywardRow.rps / bearerRow.rps;
  const byCpu = bearerRow.cpu / keywardRow.cpu;
  console.log(
    `goal: keyward / bearerAuth >= 2.5x: req/s ${byRps.toFixed(2)}x ${verdict(byRps >= 2.5)}, capacity ${byCpu.toFixed(2)}x ${verdict(byCpu >= 2.5)}`,
  );
}
