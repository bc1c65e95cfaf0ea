/** One variant to time: a name and one operation (sync or async). */
export interface Variant {
  readonly name: string;
  readonly run: () => unknown;
}

/**
 * Median ns per operation of each variant, in the order given; `rounds` keeps every round's
 * sample, in round order, so ratios can be taken inside a round.
 */
export type Medians = Map<string, number> & { readonly rounds?: ReadonlyMap<string, readonly number[]> };

const medianOf = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/** Options of {@link measureInterleaved}. */
export interface InterleavedOptions {
  /** Rounds; each runs one batch of every variant. Default 15. */
  readonly rounds?: number;
  /** Calls per batch. Default 20,000. */
  readonly batch?: number;
  /** Calls per variant before the rounds. Default 50,000. */
  readonly warmup?: number;
  /**
   * What a batch is timed with. `"wall"` (default): the monotonic clock. `"cpu"`: this process's
   * CPU time (`process.cpuUsage()`, user + system), which on a shared machine leaves out the time
   * other processes held the core; it also counts what V8's helper threads do for the variant
   * (concurrent garbage collection), and leaves out time spent waiting on I/O, so use it for
   * CPU-bound variants only.
   */
  readonly clock?: "wall" | "cpu";
  /**
   * Return to the event loop after every batch, as a server does between requests, so that work a
   * variant schedules on a timer (a write-behind) runs as it would in a server instead of piling up
   * behind a loop that never yields. Not timed. Default false.
   */
  readonly yieldBetweenBatches?: boolean;
}

function startClock(clock: "wall" | "cpu"): () => number {
  if (clock === "wall") {
    const start = process.hrtime.bigint();
    return () => Number(process.hrtime.bigint() - start);
  }
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) * 1000;
  };
}

/** Nanoseconds per call of one batch. */
async function batch(run: () => unknown, size: number, clock: "wall" | "cpu"): Promise<number> {
  const elapsed = startClock(clock);
  for (let i = 0; i < size; i++) {
    const value = run();
    if (isThenable(value)) await value;
  }
  return elapsed() / size;
}

const turnOfTheEventLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Times the variants in interleaved rounds (A B C, A B C, …) and reports each one's median batch.
 * Interleaving spreads drift (frequency, other load, a garbage collection) over all variants
 * instead of charging it to whichever ran last; a batch awaits each call in turn, the way a server
 * awaits `authenticate` once per request. Used for async operations, where a general harness's
 * own per-call overhead would dominate sub-microsecond results.
 *
 * @param variants - what to time
 * @param options - rounds, calls per batch, warm-up calls, clock, yielding
 */
export async function measureInterleaved(
  variants: readonly Variant[],
  options: InterleavedOptions = {},
): Promise<Medians> {
  const rounds = options.rounds ?? 15;
  const size = options.batch ?? 20_000;
  const clock = options.clock ?? "wall";
  const settle = options.yieldBetweenBatches === true ? turnOfTheEventLoop : async () => {};
  for (const variant of variants) {
    await batch(variant.run, options.warmup ?? 50_000, clock);
    await settle();
  }
  const samples = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      samples.get(variant.name)!.push(await batch(variant.run, size, clock));
      await settle();
    }
  }
  return Object.assign(new Map([...samples].map(([name, values]) => [name, medianOf(values)])), {
    rounds: samples,
  });
}

/**
 * Prints medians with their ratio to a baseline, then each goal and whether it was met. A goal's
 * ratio is the median of the ratios taken inside each round (both variants measured moments
 * apart) when the rounds are known, which drift between rounds moves less than a ratio of medians.
 * @param medians - what {@link measureInterleaved} returned
 * @param baseline - the row the ratio column divides by
 * @param goals - `name` must cost at most (or at least) `n` times `against`
 */
export function printMedians(
  medians: Medians,
  baseline: string,
  goals: readonly { name: string; against: string; atMost?: number; atLeast?: number }[] = [],
): void {
  const base = medians.get(baseline)!;
  const width = Math.max(...[...medians.keys()].map((name) => name.length));
  console.log(`${"variant".padEnd(width)}  ${"median ns/op".padStart(13)}  ratio to "${baseline}"`);
  for (const [name, value] of medians) {
    console.log(`${name.padEnd(width)}  ${value.toFixed(1).padStart(13)}  ${(value / base).toFixed(2)}x`);
  }
  for (const goal of goals) {
    const a = medians.rounds?.get(goal.name);
    const b = medians.rounds?.get(goal.against);
    const ratio =
      a !== undefined && b !== undefined
        ? medianOf(a.map((value, round) => value / b[round]!))
        : medians.get(goal.name)! / medians.get(goal.against)!;
    const met =
      (goal.atMost === undefined || ratio <= goal.atMost) &&
      (goal.atLeast === undefined || ratio >= goal.atLeast);
    const bound = goal.atMost !== undefined ? `<= ${goal.atMost}x` : `>= ${goal.atLeast}x`;
    console.log(
      `goal: ${goal.name} / ${goal.against} = ${ratio.toFixed(2)}x (${bound}) ${met ? "MET" : "NOT MET"}`,
    );
  }
}
