/** Latency percentiles (microseconds) and throughput (operations per second) of one operation. */
export interface Measured {
  readonly p50: number;
  readonly p99: number;
  readonly opsPerSec: number;
}

const percentile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/**
 * Sequential latency: one call at a time, so each sample is one full round trip.
 * @param run - the operation
 * @param iterations - samples kept (after a tenth as many for warm-up)
 */
export async function latency(run: () => Promise<unknown>, iterations: number): Promise<number[]> {
  for (let i = 0; i < iterations / 10; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return samples;
}

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
 * Measures several operations in alternating rounds, so drift on a shared machine hits all alike.
 * @param ops - named operations
 * @param options - rounds, samples per round, concurrency and duration of the throughput phase
 */
export async function compare(
  ops: Record<string, () => Promise<unknown>>,
  options = { rounds: 3, iterations: 1000, concurrency: 16, ms: 700 },
): Promise<Record<string, Measured>> {
  const samples: Record<string, number[]> = {};
  const rates: Record<string, number[]> = {};
  for (const name of Object.keys(ops)) {
    samples[name] = [];
    rates[name] = [];
  }
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, run] of Object.entries(ops)) {
      samples[name]?.push(...(await latency(run, options.iterations)));
      rates[name]?.push(await throughput(run, options.concurrency, options.ms));
    }
  }
  const out: Record<string, Measured> = {};
  for (const name of Object.keys(ops)) {
    const sorted = [...(samples[name] ?? [])].sort((a, b) => a - b);
    const r = [...(rates[name] ?? [])].sort((a, b) => a - b);
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
