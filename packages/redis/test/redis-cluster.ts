import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient } from "redis";

const run = promisify(execFile);

/** Masters of every throwaway cluster: the smallest Redis Cluster (no replicas). */
const MASTERS = 3;
/** Cluster bus ports are the node's port + 10000 (Redis' default). */
const BUS_OFFSET = 10_000;
/** How long a cluster may take to form or heal on a loaded 2-core machine before a test gives up. */
const HEALTHY_WITHIN_MS = 90_000;

/** A node of a cluster, as the clients' root nodes take it. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

/** A 3-master Redis Cluster the tests own: its own ports and data directory. */
export interface ThrowawayCluster {
  readonly nodes: readonly ClusterNode[];
  /** The port of the master serving the slot of `key`. */
  masterPortOf(key: string): Promise<number>;
  /** Kills one node at once (SIGKILL), as a crash would. */
  kill(port: number): Promise<void>;
  /** Starts a killed node again on its port, config and data; resolves once the cluster is ok. */
  restart(port: number): Promise<void>;
  /** Kills every node and deletes the directory. */
  dispose(): Promise<void>;
}

// Children still running when the process exits (a crashed worker, an interrupted run) are killed
// here, synchronously, so no test leaves a cluster behind.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const orphan of running) orphan.kill("SIGKILL");
    });
  }
  running.add(child);
  child.once("exit", () => running.delete(child));
}

async function isFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive ports that are free, with their bus ports, in 7100-9999 (below the ephemeral range). */
async function sparePorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 7100 + Math.floor(Math.random() * (2900 - count));
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const checks = await Promise.all(ports.flatMap((port) => [isFree(port), isFree(port + BUS_OFFSET)]));
    if (checks.every(Boolean)) return ports;
  }
  throw new Error("no free ports for a throwaway Redis Cluster in 7100-9999");
}

function startNode(dir: string, port: number, appendOnly: boolean): Promise<ChildProcess> {
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
    ...["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`],
    ...["--cluster-node-timeout", "5000", "--save", "", "--dbfilename", `dump-${port}.rdb`],
    ...["--appendonly", appendOnly ? "yes" : "no", "--appenddirname", `aof-${port}`],
    ...["--appendfsync", "always"],
  ];
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  track(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        child.off("exit", onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`redis-server on ${port} exited (${code}): ${output.slice(-500)}`));
    child.once("error", reject);
    child.once("exit", onExit);
    child.stdout?.on("data", onData);
    child.stderr?.resume();
  });
}

async function command(port: number, args: string[]): Promise<unknown> {
  const client = createClient({ socket: { host: "127.0.0.1", port, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await client.connect();
    return await client.sendCommand(args);
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/** Polls every node until each says the cluster is ok, knows every node and every slot. */
async function waitHealthy(ports: readonly number[]): Promise<void> {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  let last = "";
  for (;;) {
    const infos = await Promise.all(
      ports.map((port) => command(port, ["CLUSTER", "INFO"]).then(String, (error: Error) => error.message)),
    );
    const healthy = infos.every(
      (info) =>
        info.includes("cluster_state:ok") &&
        info.includes("cluster_slots_ok:16384") &&
        info.includes(`cluster_known_nodes:${ports.length}`),
    );
    if (healthy) return;
    last = infos.join(" | ").replace(/\r?\n/g, " ");
    if (Date.now() > deadline) throw new Error(`the cluster did not become healthy: ${last.slice(0, 800)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts a 3-master Redis Cluster on free ports (each with its bus port free too), data in a new temp
 * directory, and waits until every node reports `cluster_state:ok` with all slots covered.
 * @param options - `appendOnly` persistence (needed to restart a killed node with its data)
 */
export async function startThrowawayCluster(
  options: { appendOnly?: boolean } = {},
): Promise<ThrowawayCluster> {
  const appendOnly = options.appendOnly ?? false;
  const dir = await mkdtemp(join(tmpdir(), "keyward-cluster-"));
  const children = new Map<number, ChildProcess>();
  const killAll = async () => {
    await Promise.all(
      [...children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, "exit");
        child.kill("SIGKILL");
        await exited;
      }),
    );
    children.clear();
  };
  try {
    let ports: number[] = [];
    // Another process may take a port between the check and the bind: try other ports then.
    for (let attempt = 1; ; attempt++) {
      ports = await sparePorts(MASTERS);
      try {
        for (const port of ports) children.set(port, await startNode(dir, port, appendOnly));
        break;
      } catch (error) {
        await killAll();
        if (attempt === 5) throw error;
      }
    }
    await run(
      "redis-cli",
      [
        "--cluster",
        "create",
        ...ports.map((port) => `127.0.0.1:${port}`),
        "--cluster-replicas",
        "0",
        "--cluster-yes",
      ],
      { timeout: HEALTHY_WITHIN_MS },
    );
    await waitHealthy(ports);
    return {
      nodes: ports.map((port) => ({ host: "127.0.0.1", port })),
      async masterPortOf(key) {
        const slot = Number(await command(ports[0] as number, ["CLUSTER", "KEYSLOT", key]));
        const ranges = (await command(ports[0] as number, ["CLUSTER", "SLOTS"])) as [
          number,
          number,
          [string, number],
        ][];
        const range = ranges.find(([from, to]) => slot >= Number(from) && slot <= Number(to));
        if (range === undefined) throw new Error(`no node serves slot ${slot}`);
        return Number(range[2][1]);
      },
      async kill(port) {
        const child = children.get(port);
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, "exit");
        child.kill("SIGKILL");
        await exited;
      },
      async restart(port) {
        children.set(port, await startNode(dir, port, appendOnly));
        await waitHealthy(ports);
      },
      async dispose() {
        await killAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await killAll();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
