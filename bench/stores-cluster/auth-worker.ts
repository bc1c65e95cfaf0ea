/**
 * One app process of redis-cluster.bench.ts: a cluster client, keyward on it, and a loop that keeps
 * `IN_FLIGHT` authentications of random stored keys going for as long as its parent says, then
 * reports how many completed. Driven over IPC; not a benchmark itself (the runner only picks up
 * `*.bench.ts`).
 *
 * Env: NODES (JSON of {host, port}), PREFIX, LIBRARY (node-redis | ioredis), HALF (keys of each kind), IN_FLIGHT.
 */
import { benchKey } from "../stores-server/stats";
import { connectCluster, type Library } from "./cluster-clients";

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`auth-worker: ${name} is not set`);
  return value;
};

const half = Number(env("HALF"));
const inFlight = Number(env("IN_FLIGHT"));
const connected = await connectCluster(env("LIBRARY") as Library, JSON.parse(env("NODES")), env("PREFIX"));
const pick = () => benchKey(Math.random() < 0.5 ? "API-" : "USR-", 1 + Math.floor(Math.random() * half));

async function runFor(ms: number): Promise<{ done: number; failed: number; seconds: number }> {
  let done = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + ms;
  const loop = async () => {
    while (performance.now() < deadline) {
      const result = await connected.keyward.authenticate(pick()).catch(() => null);
      if (result?.ok === true) done++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  return { done, failed, seconds: (performance.now() - started) / 1000 };
}

// Warm up (JIT, connections to every node, the script cached on the slot's master), then wait.
await runFor(500);
process.on("message", async (message: { type: "run"; ms: number } | { type: "exit" }) => {
  if (message.type === "exit") {
    await connected.close();
    process.exit(0);
  }
  process.send?.({ type: "done", ...(await runFor(message.ms)) });
});
process.send?.({ type: "ready" });
