/** One variant to time: a name and one operation (sync or async). */
export interface Variant {
  readonly name: string;
  readonly run: () => unknown;
}

/** Median ns per operation of each variant, in the order given. */
export type Medians = Map<string, number>;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

async function batch(run: () => unknown, size: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < size; i++) {
    const value = run();
    if (isThenable(value)) await value;
  }
  return Number(process.hrtime.bigint() - start) / size;
}

/**
 * Times the variants in interleaved rounds (A B C, A B C, …) and reports each one's median batch.
 * Interleaving spreads drift (frequency, other load, a garbage collection) over all variants
 * instead of charging it to whichever ran last; a batch awaits each call in turn, the way a server
 * awaits `authenticate` once per request. Used for async operations, where a general harness's
 * own per-call overhead would dominate sub-microsecond results.
 *
 * @param variants - what to time
 * @param options - rounds, calls per batch, warm-up calls per variant
 */
export async function measureInterleaved(
  variants: readonly Variant[],
  options: { rounds?: number; batch?: number; warmup?: number } = {},
): Promise<Medians> {
  const rounds = options.rounds ?? 15;
  const size = options.batch ?? 20_000;
  for (const variant of variants) await batch(variant.run, options.warmup ?? 50_000);
  const samples = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) samples.get(variant.name)!.push(await batch(variant.run, size));
  }
  const medians: Medians = new Map();
  for (const [name, values] of samples) {
    values.sort((a, b) => a - b);
    medians.set(name, values[Math.floor(values.length / 2)]!);
  }
  return medians;
}

/**
 * Prints medians with their ratio to a baseline, then each goal and whether it was met.
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
    const ratio = medians.get(goal.name)! / medians.get(goal.against)!;
    const met =
      (goal.atMost === undefined || ratio <= goal.atMost) &&
      (goal.atLeast === undefined || ratio >= goal.atLeast);
    const bound = goal.atMost !== undefined ? `<= ${goal.atMost}x` : `>= ${goal.atLeast}x`;
    console.log(
      `goal: ${goal.name} / ${goal.against} = ${ratio.toFixed(2)}x (${bound}) ${met ? "MET" : "NOT MET"}`,
    );
  }
}
