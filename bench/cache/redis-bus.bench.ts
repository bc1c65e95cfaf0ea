/**
 * The Redis invalidation bus between two app processes (`redisBus`), under load. A and B are HTTP
 * servers (redis-bus-app.ts) on one Redis store, each with the verified-key cache and its own bus; this
 * process keeps sending requests with one key to B while A revokes it (or refreshes it) through its
 * management call, then asks B what it saw.
 *
 * Goals (issue: cache invalidation across instances):
 * - p99 time from A's revoke (or refresh) returning to B's first refusal of the old key <= 1 s;
 * - 0 acceptances by B of requests it received after its bus delivered the invalidation;
 * - with the bus cut, stale acceptance bounded by ttlMs: B's listening connection killed (it does not
 *   reconnect) -> B's cache is bypassed, every request reads the store and none received after the
 *   revoke returned is accepted; a publish lost while B's bus is up -> B's last stale acceptance
 *   comes less than ttlMs after the revoke.
 *
 * Times cross processes as `performance.timeOrigin + performance.now()`, the same wall clock to well
 * under a millisecond on one machine; "delivered" and "stale" are judged inside B, on B's clock alone.
 *
 * Needs KEYWARD_TEST_REDIS_URL (127.0.0.1 only). KEYWARD_BENCH_BUS_DRIVERS=node-redis,ioredis
 * (default both) and KEYWARD_BENCH_BUS_ROUNDS=20 (per kind: revoke, refresh) adjust a run.
 *
 * Run: pnpm bench cache (from the root; this file and cache.bench.ts), or
 * node --conditions=@keyward/source --import tsx cache/redis-bus.bench.ts (from bench/).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { createClient } from "redis";

const TTL_MS = 2_000;
const CONCURRENCY = 4;
/** Load on B before each change, with its key served from the cache. */
const WARM_MS = 100;
const ROUNDS = Number(process.env.KEYWARD_BENCH_BUS_ROUNDS ?? 20);
const DRIVERS = (process.env.KEYWARD_BENCH_BUS_DRIVERS ?? "node-redis,ioredis").split(",");
const now = () => performance.timeOrigin + performance.now();

/** What B recorded about one key id. */
interface Stats {
  deliveredAt?: number;
  requests: number;
  accepted: number;
  firstRefusalAt?: number;
  lastAcceptArrivedAt?: number;
  afterDelivery: number;
  staleAcceptances: number;
}

/** One app process, driven over IPC. */
class App {
  readonly #child: ChildProcess;
  readonly #replies = new Map<number, (reply: Record<string, unknown>) => void>();
  #seq = 0;
  port = 0;
  connected = false;
  readonly statusWaiters = new Set<() => void>();

  constructor(env: Record<string, string>) {
    this.#child = spawn(
      process.execPath,
      [
        "--conditions=@keyward/source",
        "--import",
        "tsx",
        new URL("./redis-bus-app.ts", import.meta.url).pathname,
      ],
      { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    this.#child.on("message", (message: Record<string, unknown>) => {
      if (message.type === "reply") this.#replies.get(message.seq as number)?.(message);
      if (message.type === "listening") this.port = message.port as number;
      if (message.type === "status") this.connected = message.connected as boolean;
      for (const waiter of [...this.statusWaiters]) waiter();
    });
  }

  /** Resolves once `check` holds, checked on every message from the app; fails after 20 s. */
  until(check: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within 20 s`)), 20_000);
      const attempt = () => {
        if (!check()) return;
        this.statusWaiters.delete(attempt);
        clearTimeout(timer);
        resolve();
      };
      this.statusWaiters.add(attempt);
      attempt();
    });
  }

  async call<T = Record<string, unknown>>(command: Record<string, unknown>): Promise<T> {
    const seq = ++this.#seq;
    const reply = new Promise<Record<string, unknown>>((resolve) => this.#replies.set(seq, resolve));
    this.#child.send({ ...command, seq });
    const answer = await reply;
    this.#replies.delete(seq);
    if (answer.error !== undefined) throw new Error(`app: ${answer.error}`);
    return answer as T;
  }

  async close(): Promise<void> {
    const exited = once(this.#child, "exit");
    await this.call({ cmd: "close" }).catch(() => this.#child.kill());
    await exited;
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(port: number, key: string, tag: string): Promise<{ status: number; hit: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/", agent, headers: { "x-api-key": key, "x-key-id": tag } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, hit: res.headers["x-cache"] === "hit" }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Requests with `key` to B from CONCURRENCY loops until stopped; what this process saw. */
function load(port: number, key: string, tag: string) {
  const seen = { hits: 0, requests: 0, firstRefusalAt: undefined as number | undefined };
  const checks = new Set<() => void>();
  let stopped = false;
  const loops = Array.from({ length: CONCURRENCY }, async () => {
    while (!stopped) {
      const { status, hit } = await get(port, key, tag);
      seen.requests++;
      if (status === 200 && hit) seen.hits++;
      if (status !== 200) seen.firstRefusalAt ??= now();
      for (const check of [...checks]) check();
    }
  });
  return {
    seen,
    /** Resolves true once `check` holds after some response, false after `limit` ms. */
    until: (check: () => boolean, limit: number) =>
      new Promise<boolean>((resolve) => {
        const done = (result: boolean) => {
          checks.delete(attempt);
          clearTimeout(timer);
          resolve(result);
        };
        const attempt = () => {
          if (check()) done(true);
        };
        const timer = setTimeout(() => done(false), limit);
        checks.add(attempt);
        attempt();
      }),
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;

interface Round {
  /** When A's management call returned (A's clock). */
  returnedAt: number;
  /** B's first refusal (B's clock) minus A's call returning (A's clock). */
  delay: number;
  /** The same, as this process saw the two answers. */
  parentDelay: number;
  /** B's bus delivering the message (B's clock) minus A's call returning. */
  deliveredAfter: number;
  /** B's reads of the store while the round ran. */
  storeReads: number;
  stats: Stats;
}

/**
 * One change of a fresh key through A while B serves it under load: B first serves it from its cache
 * (unless `cached` is false: the cache is off), then A changes it, and the load goes on until B
 * refuses it, and a little longer.
 */
async function round(a: App, b: App, change: "revoke" | "refresh", cached = true): Promise<Round> {
  const { key, id } = await a.call<{ key: string; id: string }>({ cmd: "create" });
  const { lookups: before } = await b.call<{ lookups: number }>({ cmd: "lookups" });
  const traffic = load(b.port, key, id);
  if (cached && !(await traffic.until(() => traffic.seen.hits > 0, 5_000))) {
    await traffic.stop();
    throw new Error("B never served the key from its cache");
  }
  await delay(WARM_MS);
  const reply = await a.call<{ returnedAt: number; key?: string }>({ cmd: change, id });
  const returnedHere = now();
  await traffic.until(() => traffic.seen.firstRefusalAt !== undefined, TTL_MS + 3_000);
  // More load after the first refusal: a stale acceptance would show up in it.
  await delay(30);
  await traffic.stop();
  const { lookups: after } = await b.call<{ lookups: number }>({ cmd: "lookups" });
  if (reply.key !== undefined && (await get(b.port, reply.key, `${id}:new`)).status !== 200) {
    throw new Error("B refused the refreshed key");
  }
  const stats = await b.call<Stats>({ cmd: "stats", id });
  return {
    returnedAt: reply.returnedAt,
    delay: (stats.firstRefusalAt ?? Number.NaN) - reply.returnedAt,
    parentDelay: (traffic.seen.firstRefusalAt ?? Number.NaN) - returnedHere,
    deliveredAfter: (stats.deliveredAt ?? Number.NaN) - reply.returnedAt,
    storeReads: after - before,
    stats,
  };
}

async function scenario(url: string, driver: string, goals: string[]): Promise<void> {
  const prefix = `keyward-bench-bus-${process.pid}-${driver}:`;
  const subscriberName = `keyward-bench-bus-b-${process.pid}`;
  const admin = createClient({ url });
  await admin.connect();
  const env = { REDIS_URL: url, PREFIX: prefix, TTL_MS: String(TTL_MS), BUS_DRIVER: driver };
  const a = new App({ ...env, SUBSCRIBER_NAME: `keyward-bench-bus-a-${process.pid}` });
  const b = new App({ ...env, SUBSCRIBER_NAME: subscriberName });
  try {
    await Promise.all([a, b].map((app) => app.until(() => app.port > 0 && app.connected, "start-up")));
    await a.call({ cmd: "seed" });
    console.log(
      `\n## ${driver}: A and B on one Redis, ttlMs ${TTL_MS}, ${CONCURRENCY} requests in flight to B`,
    );
    const rounds: Record<string, Round[]> = { revoke: [], refresh: [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const change of ["revoke", "refresh"] as const) rounds[change]!.push(await round(a, b, change));
    }
    const all = [...rounds.revoke!, ...rounds.refresh!];
    for (const [name, list] of Object.entries({ ...rounds, both: all })) {
      const delays = list.map((r) => r.delay);
      const parent = list.map((r) => r.parentDelay);
      const delivered = list.map((r) => r.deliveredAfter);
      console.log(
        `${name.padEnd(7)} (${list.length} rounds): until B refuses p50 ${ms(percentile(delays, 50))}, ` +
          `p99 ${ms(percentile(delays, 99))}, max ${ms(Math.max(...delays))} ` +
          `(seen from the load generator: p50 ${ms(percentile(parent, 50))}, p99 ${ms(percentile(parent, 99))}); ` +
          `bus delivered at p50 ${ms(percentile(delivered, 50))}, p99 ${ms(percentile(delivered, 99))} after the call returned`,
      );
    }
    const requests = all.reduce((sum, r) => sum + r.stats.requests, 0);
    const late = all.reduce((sum, r) => sum + r.stats.afterDelivery, 0);
    const stale = all.reduce((sum, r) => sum + r.stats.staleAcceptances, 0);
    const p99 = percentile(
      all.map((r) => r.delay),
      99,
    );
    console.log(
      `stale acceptances: ${stale} of the ${late} requests B received after its bus delivered ` +
        `(${requests} requests in all)`,
    );
    goals.push(
      `${driver}: p99 until B refuses the old key <= 1 s (${ms(p99)}): ${p99 <= 1000 ? "MET" : "NOT MET"}`,
    );
    goals.push(
      `${driver}: 0 stale acceptances after the bus delivered (${stale}): ${stale === 0 ? "MET" : "NOT MET"}`,
    );

    // A publish lost while B's bus is up: B keeps its entry, for at most ttlMs.
    await a.call({ cmd: "drop-publishes", on: true });
    const lost = await round(a, b, "revoke");
    await a.call({ cmd: "drop-publishes", on: false });
    const lastStale = (lost.stats.lastAcceptArrivedAt ?? lost.returnedAt) - lost.returnedAt;
    console.log(
      `publish lost (B's bus up): B refused from ${ms(lost.delay)} after the revoke returned; ` +
        `last acceptance of a request arriving ${ms(lastStale)} after it (ttlMs ${TTL_MS})`,
    );
    goals.push(
      `${driver}: publish lost: stale acceptance bounded by ttlMs (${ms(lastStale)}): ${lastStale < TTL_MS ? "MET" : "NOT MET"}`,
    );

    // B's listening connection killed; it does not reconnect, so B's bus stays down.
    const line = String(await admin.sendCommand(["CLIENT", "LIST", "TYPE", "pubsub"]))
      .split("\n")
      .find((entry) => entry.includes(` name=${subscriberName} `));
    await admin.sendCommand(["CLIENT", "KILL", "ID", /\bid=(\d+)/.exec(line ?? "")?.[1] ?? "0"]);
    await b.until(() => !b.connected, "bus down");
    const cut = await round(a, b, "revoke", false);
    const acceptedAfter = (cut.stats.lastAcceptArrivedAt ?? 0) > cut.returnedAt;
    console.log(
      `bus cut (B's subscriber killed): ${cut.storeReads} store reads for ${cut.stats.requests} requests; ` +
        `B refused ${ms(cut.delay)} after the revoke returned; ` +
        `requests arriving after it and accepted: ${acceptedAfter ? "some" : 0}`,
    );
    goals.push(
      `${driver}: bus cut: cache bypassed, no acceptance after the revoke: ${
        cut.storeReads === cut.stats.requests && !acceptedAfter ? "MET" : "NOT MET"
      }`,
    );
  } finally {
    await Promise.all([a.close(), b.close()]);
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) await admin.unlink(keys);
    }
    await admin.close();
  }
}

const url = process.env.KEYWARD_TEST_REDIS_URL;
if (url === undefined) {
  console.log("bus benchmark left out: KEYWARD_TEST_REDIS_URL is not set");
} else if (!["127.0.0.1", "localhost"].includes(new URL(url).hostname)) {
  console.log("bus benchmark left out: it runs only against a Redis on 127.0.0.1");
} else {
  const goals: string[] = [];
  const started = now();
  for (const driver of DRIVERS) await scenario(url, driver, goals);
  agent.destroy();
  console.log(`\n## goals (${((now() - started) / 1000).toFixed(1)} s)`);
  for (const goal of goals) console.log(goal);
}
