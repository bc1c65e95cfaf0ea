/** Latency percentiles (microseconds) and throughput (operations per second) of one operation. */
export interface Measured {
  readonly p50: number;
  readonly p99: number;
  readonly opsPerSec: number;
}

const percentile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/**
 * Throughput with `concurrency` calls in flight for `ms` milliseconds.
 * @param run - the operation
 * @param concurrency - calls in flight
 * @param ms - how long to run
 */
export async function throughput(
  run: () => Promise<unknown>,
  concurrency: number,
  ms: number,
): Promise<number> {
  const deadline = performance.now() + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await run();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

/**
 * Measures several operations side by side. Latency samples are interleaved call by call (A, B, C,
 * A, B, C, …) so that load from other processes on a shared machine hits every operation alike;
 * throughput phases alternate in rounds.
 * @param ops - named operations
 * @param options - rounds, samples per round, concurrency and duration of the throughput phase
 */
export async function compare(
  ops: Record<string, () => Promise<unknown>>,
  options = { rounds: 3, iterations: 1500, concurrency: 16, ms: 600 },
): Promise<Record<string, Measured>> {
  const entries = Object.entries(ops);
  const samples = new Map<string, number[]>(entries.map(([name]) => [name, []]));
  const rates = new Map<string, number[]>(entries.map(([name]) => [name, []]));
  for (const [, run] of entries) for (let i = 0; i < options.iterations / 10; i++) await run();
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < options.iterations; i++) {
      for (const [name, run] of entries) {
        const started = process.hrtime.bigint();
        await run();
        samples.get(name)?.push(Number(process.hrtime.bigint() - started) / 1000);
      }
    }
    for (const [name, run] of entries) {
      rates.get(name)?.push(await throughput(run, options.concurrency, options.ms));
    }
  }
  const out: Record<string, Measured> = {};
  for (const [name] of entries) {
    const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a - b);
    const r = [...(rates.get(name) ?? [])].sort((a, b) => a - b);
    out[name] = {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      opsPerSec: r[Math.floor(r.length / 2)] ?? 0,
    };
  }
  return out;
}

/** A deterministic test key: `API-` or `USR-` and the number `i` as 40 hex characters. */
export function benchKey(prefix: "API-" | "USR-", i: number): string {
  return `${prefix}${i.toString(16).padStart(40, "0")}`;
}
