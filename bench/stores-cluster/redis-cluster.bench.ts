/**
 * authenticate() on a 3-master Redis Cluster (started here, on free ports, and killed at the end),
 * through node-redis' and ioredis' cluster clients, next to the bare round trips on the same path:
 * a GET of a key in the store's slot, and the bare lookup script authenticate() sends. Then several
 * app processes authenticating against the one cluster at once: aggregate authentications per second
 * of 4 processes next to 1.
 *
 *   cd bench && node --conditions=@keyward/source --import tsx stores-cluster/redis-cluster.bench.ts [--quick]
 *   (or `pnpm bench stores-cluster` from the root)
 *
 * Needs redis-server and redis-cli on the PATH. 10 thousand app keys and 10 thousand user keys are
 * stored through the store itself (`--quick`: 1 thousand each, shorter phases).
 */
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { redisStore } from "@keyward/redis/node-redis";
import { createClient } from "redis";
import { startThrowawayCluster } from "../../packages/redis/test/redis-cluster.ts";
import { benchKey, compare, type Measured } from "../stores-server/stats";
import { connectCluster, connectNode, hashOf, type Library, loadKeys, type Node } from "./cluster-clients";

const quick = process.argv.includes("--quick");
const HALF = quick ? 1_000 : 10_000;
const PHASE_MS = quick ? 1_000 : 3_000;
const ROUNDS = 3;
const PROCESSES = 4;
const IN_FLIGHT = 16;

const pick = (keyPrefix: "API-" | "USR-") => benchKey(keyPrefix, 1 + Math.floor(Math.random() * HALF));

/** The SHA-1 the store sends with EVALSHA for its lookup script, read off the wire. */
async function lookupSha(node: Node, prefix: string): Promise<string> {
  const client = await createClient({ socket: node }).connect();
  let sha = "";
  try {
    const probe = redisStore(
      {
        sendCommand: (args: readonly string[]) => {
          if (args[0] === "EVALSHA") sha = args[1] ?? "";
          return client.sendCommand(args);
        },
      },
      { prefix, warn: () => {} },
    );
    await probe.lookupKey?.(hashOf(pick("USR-")));
  } finally {
    await client.close();
  }
  if (sha === "") throw new Error("the store sent no EVALSHA for lookupKey");
  return sha;
}

function print(title: string, table: Record<string, Measured>, baseline: string): void {
  const base = table[baseline]!;
  console.log(`\n${title}`);
  for (const [name, m] of Object.entries(table)) {
    console.log(
      `  ${name.padEnd(58)} p50 ${m.p50.toFixed(0).padStart(5)} µs  p99 ${m.p99.toFixed(0).padStart(6)} µs  ` +
        `${m.opsPerSec.toFixed(0).padStart(6)} ops/s  p50 ${(m.p50 / base.p50).toFixed(2)}x of ${baseline}`,
    );
  }
}

interface Worker {
  readonly child: ChildProcess;
  run(ms: number): Promise<{ done: number; failed: number; seconds: number }>;
}

async function startWorker(library: Library, nodes: readonly Node[], prefix: string): Promise<Worker> {
  const child = fork(join(import.meta.dirname, "auth-worker.ts"), [], {
    execArgv: ["--conditions=@keyward/source", "--import", "tsx"],
    env: {
      ...process.env,
      NODES: JSON.stringify(nodes),
      PREFIX: prefix,
      LIBRARY: library,
      HALF: String(HALF),
      IN_FLIGHT: String(IN_FLIGHT),
    },
  });
  const [ready] = (await Promise.race([once(child, "message"), once(child, "exit")])) as [{ type?: string }];
  if (ready?.type !== "ready") throw new Error(`an auth worker (${library}) did not start`);
  return {
    child,
    async run(ms) {
      child.send({ type: "run", ms });
      const [message] = (await once(child, "message")) as [{ done: number; failed: number; seconds: number }];
      return message;
    },
  };
}

/** CPU seconds (user + system) a node has used so far, from its INFO. */
async function cpuSeconds(node: Node): Promise<number> {
  const client = await createClient({ socket: node }).connect();
  try {
    const info = String(await client.sendCommand(["INFO", "cpu"]));
    const field = (name: string) =>
      Number(new RegExp(`^${name}:([0-9.]+)`, "m").exec(info)?.[1] ?? Number.NaN);
    return field("used_cpu_user") + field("used_cpu_sys");
  } finally {
    await client.close();
  }
}

interface Phase {
  /** Aggregate authentications per second of all processes. */
  readonly perSecond: number;
  readonly failed: number;
  /** Share of one core the master serving the store's slot used meanwhile. */
  readonly masterCore: number;
}

/** Aggregate authentications per second of `workers` running at once for one phase. */
async function phase(workers: readonly Worker[], master: Node): Promise<Phase> {
  const cpuBefore = await cpuSeconds(master);
  const wallBefore = performance.now();
  const results = await Promise.all(workers.map((worker) => worker.run(PHASE_MS)));
  const masterCore = (await cpuSeconds(master)) - cpuBefore;
  return {
    perSecond: results.reduce((sum, r) => sum + r.done / r.seconds, 0),
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    masterCore: masterCore / ((performance.now() - wallBefore) / 1000),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const started = performance.now();
const cluster = await startThrowawayCluster();
const workers: Worker[] = [];
try {
  const id = crypto.randomUUID().slice(0, 8);
  const prefix = `keyward-bench-cluster:${id}:`;
  const tagged = `{keyward-bench-cluster:${id}}:`;
  const masterPort = await cluster.masterPortOf(`${tagged}roles`);
  const master = { host: "127.0.0.1", port: masterPort };
  const loader = await connectCluster("node-redis", cluster.nodes, prefix);
  const loadStarted = performance.now();
  await loadKeys(loader.keyward, loader.store, HALF);
  await loader.close();
  console.log(
    `cluster of ${cluster.nodes.length} masters (ports ${cluster.nodes.map((n) => n.port).join(", ")}); ` +
      `${2 * HALF} keys stored in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s, all in the slot ` +
      `of ${tagged} (master :${masterPort})`,
  );
  const sha = await lookupSha(master, prefix);
  const summary: string[] = [];

  for (const library of ["node-redis", "ioredis"] as const) {
    const viaCluster = await connectCluster(library, cluster.nodes, prefix);
    const viaNode = await connectNode(library, master, prefix);
    for (const keyPrefix of ["API-", "USR-"] as const) {
      if (!(await viaCluster.keyward.authenticate(pick(keyPrefix))).ok)
        throw new Error("a stored key failed");
    }
    const bareLookup = () =>
      viaCluster.send([
        "EVALSHA",
        sha,
        "3",
        `${tagged}key:${hashOf(pick("USR-"))}`,
        `${tagged}users`,
        `${tagged}roles`,
      ]);
    const table = await compare({
      "GET of a key in the store's slot (cluster client)": () =>
        viaCluster.send(["GET", `${tagged}schema-version`]),
      "bare lookup script, user key (cluster client)": bareLookup,
      "authenticate(app key) (cluster client)": () => viaCluster.keyward.authenticate(pick("API-")),
      "authenticate(user key) (cluster client)": () => viaCluster.keyward.authenticate(pick("USR-")),
      "authenticate(user key) (plain client to that master)": () =>
        viaNode.keyward.authenticate(pick("USR-")),
    });
    print(`${library}, one process`, table, "GET of a key in the store's slot (cluster client)");
    await viaCluster.close();
    await viaNode.close();

    while (workers.length > 0) workers.pop()!.child.send({ type: "exit" });
    for (let i = 0; i < PROCESSES; i++) workers.push(await startWorker(library, cluster.nodes, prefix));
    const one: Phase[] = [];
    const many: Phase[] = [];
    // Alternating phases, so drift from other load on the machine hits both alike.
    for (let round = 0; round < ROUNDS; round++) {
      one.push(await phase(workers.slice(0, 1), master));
      many.push(await phase(workers, master));
    }
    const rate = (phases: Phase[]) => median(phases.map((p) => p.perSecond));
    const core = (phases: Phase[]) => median(phases.map((p) => p.masterCore));
    const failed = [...one, ...many].reduce((sum, p) => sum + p.failed, 0);
    // What one core of the slot's master would serve, from the busiest phases' CPU per authentication.
    const perMasterCore = rate(many) / core(many);
    const line =
      `${library}: 1 process ${rate(one).toFixed(0)} auth/s (master ${(100 * core(one)).toFixed(0)}% of a core), ` +
      `${PROCESSES} processes ${rate(many).toFixed(0)} auth/s (master ${(100 * core(many)).toFixed(0)}%): ` +
      `${(rate(many) / rate(one)).toFixed(2)}x; one master core ≈ ${perMasterCore.toFixed(0)} auth/s ` +
      `(${IN_FLIGHT} in flight per process, medians of ${ROUNDS} phases of ${PHASE_MS / 1000} s; ${failed} failed)`;
    console.log(`\n${line}`);
    summary.push(line);
  }
  console.log(`\nAggregate throughput, one cluster:\n  ${summary.join("\n  ")}`);
} finally {
  for (const worker of workers) worker.child.send({ type: "exit" });
  await Promise.all(
    workers.map((worker) => (worker.child.exitCode === null ? once(worker.child, "exit") : null)),
  );
  await cluster.dispose();
}
console.log(
  `\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s (2 shared cores: numbers as measured)`,
);
