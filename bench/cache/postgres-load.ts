/**
 * The parent's side of two-process-postgres.bench.ts: app processes driven over IPC, and the load
 * it keeps on them over HTTP.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { fileURLToPath } from "node:url";

/** How long any single wait of the bench may take before the run is called failed. */
export const WAIT_LIMIT_MS = 15_000;

/**
 * `promise`, or a rejection naming `what` after `ms`.
 * @param promise - what should settle
 * @param what - said in the failure
 * @param ms - the limit
 */
export async function within<T>(promise: Promise<T>, what: string, ms = WAIT_LIMIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Something an app process reported on its own: a bus delivery, a status change, a failed publish. */
export interface AppEvent {
  readonly type: "delivered" | "status" | "cache-error";
  readonly at: number;
  readonly seq?: number;
  readonly connected?: boolean;
  readonly message?: { type: string; keyId?: string };
}

/** A running app process. */
export interface App {
  readonly port: number;
  readonly events: AppEvent[];
  /** Sends a command and resolves with the reply. */
  call<T = Record<string, unknown>>(command: Record<string, unknown>): Promise<T>;
  /** Resolves with the first event (already seen ones included) that matches. */
  event(match: (event: AppEvent) => boolean, what: string, ms?: number): Promise<AppEvent>;
  /** Asks it to close, and kills it if it does not exit in time. */
  stop(): Promise<void>;
}

const APP = fileURLToPath(new URL("./postgres-app.ts", import.meta.url));
const BENCH_ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Starts postgres-app.ts as its own Node process and waits until it serves.
 * @param env - its settings (see postgres-app.ts)
 */
export async function startApp(env: Record<string, string>): Promise<App> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=@keyward/source", "--import", "tsx", APP],
    { cwd: BENCH_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const events: AppEvent[] = [];
  const replies = new Map<number, (reply: Record<string, unknown>) => void>();
  const watchers = new Set<() => void>();
  let nextId = 0;
  let port = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`app exited with ${code} before it served`)));
    child.on("message", (message: Record<string, unknown>) => {
      if (message.type === "ready") {
        port = message.port as number;
        resolve();
      } else if (typeof message.id === "number") {
        replies.get(message.id)?.(message);
        replies.delete(message.id);
      } else {
        events.push(message as unknown as AppEvent);
        for (const watcher of watchers) watcher();
      }
    });
  });
  await within(ready, "app start", 30_000);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    port,
    events,
    call: <T>(command: Record<string, unknown>) =>
      within(
        new Promise<T>((resolve, reject) => {
          const id = nextId++;
          replies.set(id, (reply) =>
            reply.error ? reject(new Error(String(reply.error))) : resolve(reply as T),
          );
          child.send({ ...command, id });
        }),
        `reply to ${command.cmd}`,
      ),
    event: (match, what, ms) =>
      within(
        new Promise<AppEvent>((resolve) => {
          const check = () => {
            const found = events.find(match);
            if (found === undefined) return;
            watchers.delete(check);
            resolve(found);
          };
          watchers.add(check);
          check();
        }),
        what,
        ms,
      ),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.send({ cmd: "close", id: -1 });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One answer of B to the victim key, timed by the parent's clock (`performance.now()`). */
export interface Answer {
  readonly key: string;
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly ok: boolean;
  /** B's number for the request: compare with the `seq` of B's delivery. */
  readonly arrival: number;
}

/** Requests kept in flight against the apps. */
export interface Load {
  /** The key the victim loops send to B from now on. */
  setVictim(key: string): void;
  /** Resolves once `count` answers for `key` match (seen ones included). */
  answers(
    key: string,
    match: (answer: Answer) => boolean,
    count: number,
    what: string,
    ms?: number,
  ): Promise<Answer[]>;
  /** Every answer for `key` so far. */
  of(key: string): Answer[];
  /** Pauses (`false`) or resumes the random-key loops, so that B's store reads are the victim's only. */
  background(on: boolean): Promise<void>;
  /** Requests answered so far, by every loop. */
  readonly total: number;
  stop(): Promise<void>;
}

/**
 * Keeps `victimLoops` requests with the victim key in flight against B and, to load PostgreSQL,
 * `backgroundLoops` with fresh random keys (each one a store read) against A and B.
 * @param b - port of B
 * @param a - port of A
 */
export function startLoad(b: number, a: number, victimLoops = 8, backgroundLoops = 2): Load {
  const agent = new http.Agent({ keepAlive: true, maxSockets: victimLoops + 2 * backgroundLoops });
  const byKey = new Map<string, Answer[]>();
  const watchers = new Set<() => void>();
  let victim: string | undefined;
  let running = true;
  let total = 0;
  let wake: (() => void) | undefined;
  let victimSet = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const get = (port: number, key: string) =>
    new Promise<{ ok: boolean; arrival: number }>((resolve, reject) => {
      const request = http.get(
        { host: "127.0.0.1", port, path: "/", agent, headers: { "api-key": key } },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => {
            body += chunk;
          });
          res.on("end", () => resolve(JSON.parse(body)));
        },
      );
      request.on("error", reject);
    });
  const victimLoop = async () => {
    await victimSet;
    while (running) {
      const key = victim!;
      const sentAt = performance.now();
      const { ok, arrival } = await get(b, key);
      total++;
      const list = byKey.get(key) ?? [];
      byKey.set(key, list);
      list.push({ key, sentAt, answeredAt: performance.now(), ok, arrival });
      for (const watcher of watchers) watcher();
    }
  };
  let paused: Promise<void> | undefined;
  let resume = () => {};
  let inFlight = 0;
  let drained = () => {};
  const backgroundLoop = async (port: number) => {
    while (running) {
      if (paused !== undefined) await paused;
      inFlight++;
      await get(port, `USR-${randomBytes(20).toString("hex")}`);
      total++;
      if (--inFlight === 0) drained();
    }
  };
  const loops = [
    ...Array.from({ length: victimLoops }, victimLoop),
    ...Array.from({ length: backgroundLoops }, () => backgroundLoop(b)),
    ...Array.from({ length: backgroundLoops }, () => backgroundLoop(a)),
  ];
  return {
    setVictim(key) {
      victim = key;
      wake?.();
      wake = undefined;
    },
    answers: (key, match, count, what, ms) =>
      within(
        new Promise<Answer[]>((resolve) => {
          const check = () => {
            const found = (byKey.get(key) ?? []).filter(match);
            if (found.length < count) return;
            watchers.delete(check);
            resolve(found);
          };
          watchers.add(check);
          check();
        }),
        what,
        ms,
      ),
    of: (key) => byKey.get(key) ?? [],
    async background(on) {
      if (on) {
        paused = undefined;
        resume();
        return;
      }
      paused ??= new Promise<void>((resolve) => {
        resume = resolve;
      });
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
    },
    get total() {
      return total;
    },
    async stop() {
      running = false;
      await this.background(true);
      this.setVictim(victim ?? "none");
      victimSet = Promise.resolve();
      await Promise.allSettled(loops);
      agent.destroy();
    },
  };
}

/**
 * The `q` quantile of `values` (nearest rank).
 * @param values - samples
 * @param q - 0 to 1
 */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
