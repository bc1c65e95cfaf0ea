/**
 * Server CPU time per request of Express 5, Express 4 and Hono (on @hono/node-server) with keyward
 * (`apiKeyAuth` app-wide, `requirePermission` on the route), against the same app with two empty
 * middlewares in their place (the floor), the bare app, and a peer library: passport-headerapikey
 * on Express, `hono/bearer-auth` on Hono.
 *
 * Goals: keyward keeps >= 95% of its floor (Express 5, Express 4, Hono); >= 1.3x
 * passport-headerapikey; >= 2.5x `hono/bearer-auth`. A ratio is taken inside each round (the floor
 * loaded seconds before), and its median over the rounds is reported.
 *
 * How: every server runs in its own process pinned to core 0 (`taskset -c 0`), started and warmed
 * once; wrk (1 thread, 50 connections) and this process run on core 1. Rounds are interleaved:
 * every variant is loaded once per round, in list order in odd rounds and reversed in even ones,
 * so drift on a shared machine hits all alike and no variant always follows the same one. The
 * primary figure is the server's own CPU time per request (`process.cpuUsage()` read inside it
 * before and after each load): a neighbour that takes core 0 away lowers req/s much more than it
 * moves CPU per request. req/s is shown beside it. Short loads and many rounds keep the two
 * variants of a ratio seconds apart; the range of the per-round ratios is printed beside the
 * median, to show how much the machine moved. wrk's own CPU time (from /proc/self/stat, see lib/wrk-report.lua) is
 * measured on every load. Its capacity (requests per second of wrk CPU) is taken against a trivial
 * node:http server before and after the rounds, where wrk runs at its highest rate; the run fails
 * when the better of the two is not at least 3x what the fastest server under test can serve,
 * since then the generator, not the server, may set the pace. On a busy machine wrk's own cost
 * rises too, and the check then fails rather than publish figures from such a run.
 *
 * Run: from bench/, node --conditions=@keyward/source --import tsx http/http.bench.ts (~5 min)
 * Env: KEYWARD_BENCH_ROUNDS (default 9), KEYWARD_BENCH_SECONDS (per load, default 2),
 * KEYWARD_BENCH_CONNECTIONS (default 50), KEYWARD_BENCH_FRAMEWORKS (default express5,express4,hono),
 * KEYWARD_BENCH_EXTRA (diagnostic variants to add, e.g. express5:auth-only,hono:authenticate).
 */
import { loadavg } from "node:os";
import { rerunPinnedToCore } from "../lib/pin-to-core";
import { type LoadSettings, type Measurement, measure } from "./lib/measure";
import { type Goal, type Group, reportGenerator, reportGroup } from "./lib/report";
import { ServerProcess, type ServerSpec } from "./lib/server-process";
import { percent, times } from "./lib/stats";
import { ensureWrk } from "./lib/wrk";

const SERVER_CORE = 0;
const WRK_CORE = 1;
/** The generator must be at least this many times faster than the fastest server under test. */
const MIN_GENERATOR_HEADROOM = 3;

// This process only waits on wrk and the servers: it shares wrk's core, never the servers'.
rerunPinnedToCore(WRK_CORE);
ensureWrk();

const ROUNDS = Number(process.env.KEYWARD_BENCH_ROUNDS ?? 9);
const load: LoadSettings = {
  seconds: Number(process.env.KEYWARD_BENCH_SECONDS ?? 2),
  connections: Number(process.env.KEYWARD_BENCH_CONNECTIONS ?? 50),
  wrkCore: WRK_CORE,
};
const WARMUP: LoadSettings = { ...load, seconds: 2 };
/** Calibration loads are longer: wrk's CPU time is read in clock ticks (10 ms). */
const CALIBRATION: LoadSettings = { ...load, seconds: 3 };

const floorGoal: Goal = { label: "keyward / floor", against: "empty", atLeast: 0.95, format: percent };
const GROUPS: readonly Group[] = [
  ...["express5", "express4"].map((framework) => ({
    framework,
    floor: "empty",
    variants: ["bare", "empty", "keyward", "passport"],
    goals: [
      floorGoal,
      { label: "keyward / passport-headerapikey", against: "passport", atLeast: 1.3, format: times },
    ],
  })),
  {
    framework: "hono",
    floor: "empty",
    variants: ["bare", "empty", "keyward", "bearer"],
    goals: [
      floorGoal,
      { label: "keyward / hono/bearer-auth", against: "bearer", atLeast: 2.5, format: times },
    ],
  },
];

const frameworks = (process.env.KEYWARD_BENCH_FRAMEWORKS ?? "express5,express4,hono").split(",");
const extra = (process.env.KEYWARD_BENCH_EXTRA ?? "").split(",").filter((name) => name !== "");
const groups = GROUPS.filter((group) => frameworks.includes(group.framework)).map((group) => ({
  ...group,
  variants: [
    ...group.variants,
    ...extra.filter((name) => name.startsWith(`${group.framework}:`)).map((name) => name.split(":")[1]!),
  ],
}));
const specs: ServerSpec[] = groups.flatMap((group) =>
  group.variants.map((variant) => ({ framework: group.framework, variant })),
);
const nameOf = (spec: ServerSpec) => `${spec.framework}:${spec.variant}`;

const started = Date.now();
console.log(
  `HTTP benchmark: ${specs.length} servers on core ${SERVER_CORE}, wrk -t1 -c${load.connections} on core ${WRK_CORE}; ` +
    `${ROUNDS} rounds × ${load.seconds} s; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
);

const servers: ServerProcess[] = [];
let exitCode = 0;
try {
  // The generator's capacity, measured against the cheapest server Node can be (a raw node:http
  // server), before and after the rounds: there wrk runs at its highest rate, where its cost per
  // request is lowest. The best load counts, since a neighbour on wrk's core only adds to wrk's cost.
  const raw = await ServerProcess.start({ framework: "node-raw", variant: "raw" }, SERVER_CORE);
  servers.push(raw);
  await measure(raw, WARMUP);
  const calibrate = async (when: string) => {
    const loads: Measurement[] = [];
    for (let i = 0; i < 3; i++) loads.push(await measure(raw, CALIBRATION));
    const best = loads.reduce((a, b) => (b.wrkCpuUs < a.wrkCpuUs ? b : a));
    console.log(
      `calibration ${when}, raw node:http: ${best.rps.toFixed(0)} req/s at ${best.serverCpuUs.toFixed(1)} µs server CPU/req; ` +
        `wrk ${best.wrkCpuUs.toFixed(2)} µs CPU/req: it can send ${(1e6 / best.wrkCpuUs).toFixed(0)} req/s on its core`,
    );
    return 1e6 / best.wrkCpuUs;
  };
  const capacityBefore = await calibrate("before the rounds");

  const measured: ServerProcess[] = [];
  for (const spec of specs) {
    const server = await ServerProcess.start(spec, SERVER_CORE);
    servers.push(server);
    measured.push(server);
    await measure(server, WARMUP);
  }

  const samples = new Map<string, Measurement[]>(specs.map((spec) => [nameOf(spec), []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const server of round % 2 === 1 ? measured : [...measured].reverse()) {
      const measured = await measure(server, load);
      samples.get(server.name)!.push(measured);
      console.log(
        `round ${round} ${server.name.padEnd(28)} ${measured.rps.toFixed(0).padStart(6)} req/s ${measured.serverCpuUs.toFixed(1).padStart(7)} µs CPU/req  wrk ${measured.wrkCpuUs.toFixed(2)} µs`,
      );
    }
  }

  for (const group of groups) reportGroup(group, samples);
  const wrkCapacity = Math.max(capacityBefore, await calibrate("after the rounds"));
  const ok = reportGenerator(wrkCapacity, samples, MIN_GENERATOR_HEADROOM);
  if (!ok) exitCode = 1;
  console.log(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  );
} finally {
  await Promise.all(servers.map((server) => server.stop()));
}
process.exit(exitCode);
