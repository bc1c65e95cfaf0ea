/**
 * Requests per second of Express 5 with keyward's middleware against the same app with two empty
 * middlewares in their place (the floor), bare Express, and passport-headerapikey doing a Map lookup.
 *
 * Goal (issue 4): keyward keeps at least 95% of the empty-middleware app's requests per second.
 *
 * Each server runs in its own child process pinned to core 0 (`taskset -c 0`); this process, the load
 * generator, re-runs itself pinned to core 1. Rounds are interleaved (bare, empty, keyward, passport,
 * bare, …) so that drift on a shared machine hits every variant alike; medians are reported.
 *
 * Run: from bench/, node --conditions=@keyward/source --import tsx express/express.bench.ts
 * Env: KEYWARD_BENCH_SECONDS (default 5), KEYWARD_BENCH_ROUNDS (default 3).
 */
import { type ChildProcess, fork, spawnSync } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import type { Variant } from "./server";

if (process.env.KEYWARD_BENCH_PINNED !== "1") {
  // Re-run pinned to core 1; the servers get core 0.
  const child = spawnSync(
    "taskset",
    ["-c", "1", process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: "inherit",
      env: { ...process.env, KEYWARD_BENCH_PINNED: "1" },
    },
  );
  process.exit(child.status ?? 1);
}

const SECONDS = Number(process.env.KEYWARD_BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.KEYWARD_BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;
const variants: Variant[] = ["bare", "empty", "async-empty", "keyward", "passport"];
const serverFile = fileURLToPath(new URL("./server.ts", import.meta.url));

interface Round {
  rps: number;
  cpuUsPerRequest: number;
}

async function startServer(variant: Variant): Promise<{ child: ChildProcess; port: number; key: string }> {
  const child = fork(serverFile, [variant], {
    execPath: "taskset",
    execArgv: ["-c", "0", process.execPath, "--conditions=@keyward/source", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [ready] = (await once(child, "message")) as [{ port: number; key: string }];
  return { child, ...ready };
}

async function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  child.send("cpu");
  const [message] = (await once(child, "message")) as [{ cpu: NodeJS.CpuUsage }];
  return message.cpu;
}

async function load(port: number, key: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/api/posts`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { "api-key": key },
  });
}

async function measure(variant: Variant): Promise<Round> {
  const { child, port, key } = await startServer(variant);
  try {
    await load(port, key, WARMUP_SECONDS);
    const before = await cpuOf(child);
    const result = await load(port, key, SECONDS);
    const after = await cpuOf(child);
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${variant}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    }
    const cpu = after.user - before.user + (after.system - before.system);
    return { rps: result.requests.total / SECONDS, cpuUsPerRequest: cpu / result.requests.total };
  } finally {
    child.send("exit");
    await once(child, "exit");
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const rounds = new Map<Variant, Round[]>(variants.map((variant) => [variant, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of variants) {
    const measured = await measure(variant);
    rounds.get(variant)!.push(measured);
    console.log(
      `round ${round + 1} ${variant.padEnd(12)} ${measured.rps.toFixed(0).padStart(7)} req/s  ${measured.cpuUsPerRequest.toFixed(1).padStart(6)} µs CPU/req`,
    );
  }
}

const summary = variants.map((variant) => {
  const list = rounds.get(variant)!;
  return {
    variant,
    rps: median(list.map((r) => r.rps)),
    cpu: median(list.map((r) => r.cpuUsPerRequest)),
  };
});
const floor = summary.find((row) => row.variant === "empty")!;
console.log(
  `\nmedians of ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections (server on core 0, load on core 1)`,
);
console.log(
  `${"variant".padEnd(12)} ${"req/s".padStart(8)} ${"vs empty".padStart(9)} ${"µs CPU/req".padStart(11)} ${"CPU vs empty".padStart(13)}`,
);
for (const row of summary) {
  console.log(
    `${row.variant.padEnd(12)} ${row.rps.toFixed(0).padStart(8)} ${`${((row.rps / floor.rps) * 100).toFixed(1)}%`.padStart(9)} ${row.cpu.toFixed(1).padStart(11)} ${`${((floor.cpu / row.cpu) * 100).toFixed(1)}%`.padStart(13)}`,
  );
}
// Two readings of the goal: measured req/s, and req/s a saturated core would reach given the CPU each
// request costs the server (floor CPU / keyward CPU), which other load on a shared machine disturbs less.
const keywardRow = summary.find((row) => row.variant === "keyward")!;
const rpsRatio = keywardRow.rps / floor.rps;
const cpuRatio = floor.cpu / keywardRow.cpu;
const verdict = (ratio: number) =>
  `${(ratio * 100).toFixed(1)}% (>= 95%) ${ratio >= 0.95 ? "MET" : "NOT MET"}`;
console.log(`goal: keyward / empty middlewares, req/s = ${verdict(rpsRatio)}`);
console.log(`goal: keyward / empty middlewares, CPU per request = ${verdict(cpuRatio)}`);
