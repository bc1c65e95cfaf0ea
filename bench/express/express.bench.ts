/**
 * Requests per second of Express 5 with keyward's middleware against the same app with two empty
 * middlewares in their place (the floor), bare Express, and passport-headerapikey doing a Map lookup.
 *
 * Goal (issue 4): keyward keeps at least 95% of the empty-middleware app's requests per second.
 *
 * Servers run in child processes pinned to core 0 (`taskset -c 0`); this process, the load
 * generator, re-runs itself pinned to core 1. Two phases:
 * 1. sequential: one server at a time, rounds interleaved (bare, empty, keyward, passport, bare, …) so
 *    drift on a shared machine hits every variant alike; medians of req/s and server CPU µs/request;
 * 2. same window: all servers at once on core 0, each loaded by its own autocannon for the same
 *    seconds, so every variant sees the same outside load; the CPU each request costs the server is
 *    then compared (a saturated core's req/s is the inverse of it).
 *
 * Run: from bench/, node --conditions=@keyward/source --import tsx express/express.bench.ts
 * Env: KEYWARD_BENCH_SECONDS (default 4), KEYWARD_BENCH_ROUNDS (default 7: the README reports medians
 * of 7 rounds, and three-round medians moved by several points on the shared machine),
 * KEYWARD_BENCH_VARIANTS (comma list; also async-empty, stub-auth: see server.ts).
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { rerunPinnedToCore } from "../lib/pin-to-core";
import type { Variant } from "./server";

// The load generator on core 1; the servers get core 0.
rerunPinnedToCore(1);

const SECONDS = Number(process.env.KEYWARD_BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.KEYWARD_BENCH_ROUNDS ?? 7);
const WARMUP_SECONDS = 1;
const CONNECTIONS = 10;
const variants = (process.env.KEYWARD_BENCH_VARIANTS ?? "bare,empty,keyward,passport").split(
  ",",
) as Variant[];
const serverFile = fileURLToPath(new URL("./server.ts", import.meta.url));

interface Server {
  readonly variant: Variant;
  readonly child: ChildProcess;
  readonly port: number;
  readonly key: string;
}

interface Round {
  rps: number;
  cpuUsPerRequest: number;
}

async function startServer(variant: Variant): Promise<Server> {
  const child = fork(serverFile, [variant], {
    execPath: "taskset",
    execArgv: ["-c", "0", process.execPath, "--conditions=@keyward/source", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [ready] = (await once(child, "message")) as [{ port: number; key: string }];
  return { variant, child, ...ready };
}

async function stopServer(server: Server): Promise<void> {
  server.child.send("exit");
  await once(server.child, "exit");
}

async function cpuOf(server: Server): Promise<number> {
  server.child.send("cpu");
  const [message] = (await once(server.child, "message")) as [{ cpu: NodeJS.CpuUsage }];
  return message.cpu.user + message.cpu.system;
}

function load(server: Server, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${server.port}/api/posts`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { "api-key": server.key },
  });
}

/** Loads each server for SECONDS after a warm-up; all at once when given several. */
async function measure(servers: readonly Server[]): Promise<Round[]> {
  await Promise.all(servers.map((server) => load(server, WARMUP_SECONDS)));
  const before = await Promise.all(servers.map(cpuOf));
  const results = await Promise.all(servers.map((server) => load(server, SECONDS)));
  const after = await Promise.all(servers.map(cpuOf));
  return servers.map((server, i) => {
    const result = results[i]!;
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${server.variant}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    }
    return {
      rps: result.requests.total / SECONDS,
      cpuUsPerRequest: (after[i]! - before[i]!) / result.requests.total,
    };
  });
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
const verdict = (ratio: number): string => `${pct(ratio)} (>= 95%) ${ratio >= 0.95 ? "MET" : "NOT MET"}`;

function summarise(title: string, rounds: Map<Variant, Round[]>): { rps: number; cpu: number }[] {
  const rows = variants.map((variant) => {
    const list = rounds.get(variant)!;
    return { variant, rps: median(list.map((r) => r.rps)), cpu: median(list.map((r) => r.cpuUsPerRequest)) };
  });
  const floor = rows.find((row) => row.variant === "empty")!;
  console.log(`\n${title}`);
  console.log(
    `${"variant".padEnd(12)} ${"req/s".padStart(8)} ${"vs empty".padStart(9)} ${"µs CPU/req".padStart(11)} ${"empty CPU / this".padStart(17)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.variant.padEnd(12)} ${row.rps.toFixed(0).padStart(8)} ${pct(row.rps / floor.rps).padStart(9)} ${row.cpu.toFixed(1).padStart(11)} ${pct(floor.cpu / row.cpu).padStart(17)}`,
    );
  }
  return rows;
}

// Phase 1: one server at a time, rounds interleaved.
const sequential = new Map<Variant, Round[]>(variants.map((variant) => [variant, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of variants) {
    const server = await startServer(variant);
    try {
      const [measured] = await measure([server]);
      sequential.get(variant)!.push(measured!);
      console.log(
        `sequential round ${round + 1} ${variant.padEnd(12)} ${measured!.rps.toFixed(0).padStart(7)} req/s ${measured!.cpuUsPerRequest.toFixed(1).padStart(7)} µs CPU/req`,
      );
    } finally {
      await stopServer(server);
    }
  }
}

// Phase 2: every server in the same window, sharing core 0.
const together = new Map<Variant, Round[]>(variants.map((variant) => [variant, []]));
for (let round = 0; round < ROUNDS; round++) {
  const servers = await Promise.all(variants.map(startServer));
  try {
    const measured = await measure(servers);
    for (const [i, row] of measured.entries()) together.get(variants[i]!)!.push(row);
    console.log(
      `same-window round ${round + 1}: ${measured.map((row, i) => `${variants[i]} ${row.cpuUsPerRequest.toFixed(1)} µs`).join(", ")}`,
    );
  } finally {
    await Promise.all(servers.map(stopServer));
  }
}

const header = `${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections per server, servers on core 0, load on core 1`;
const seqRows = summarise(`sequential (medians; ${header})`, sequential);
const togetherRows = summarise(`same window (medians; ${header}; req/s are shares of one core)`, together);
const at = (rows: { rps: number; cpu: number }[], variant: Variant) => rows[variants.indexOf(variant)]!;
if (variants.includes("keyward") && variants.includes("empty")) {
  console.log(
    `\ngoal: keyward / empty, sequential req/s = ${verdict(at(seqRows, "keyward").rps / at(seqRows, "empty").rps)}`,
  );
  console.log(
    `goal: keyward / empty, sequential CPU/req = ${verdict(at(seqRows, "empty").cpu / at(seqRows, "keyward").cpu)}`,
  );
  console.log(
    `goal: keyward / empty, same-window CPU/req = ${verdict(at(togetherRows, "empty").cpu / at(togetherRows, "keyward").cpu)}`,
  );
}
