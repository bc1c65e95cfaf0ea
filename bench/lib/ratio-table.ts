/** One goal: `name` costs at most (or at least) `n` times `against`. */
export interface RatioGoal {
  readonly name: string;
  readonly against: string;
  readonly atMost?: number;
  readonly atLeast?: number;
}

interface MitataResult {
  benchmarks: { alias: string; runs: { stats?: { avg: number; p50: number; p99: number } }[] }[];
}

/**
 * Prints mitata results as a table of ns/op with each row's ratio to the baseline, then each goal
 * with its measured ratio and whether it was met. Ratios, not absolute numbers, are what compare
 * across machines.
 * @param results - what mitata's `run()` returned
 * @param options - the baseline row's name and the goals to check
 */
export function printRatioTable(
  results: unknown,
  options: { baseline: string; goals?: readonly RatioGoal[] },
): void {
  const rows = new Map<string, { avg: number; p50: number; p99: number }>();
  for (const benchmark of (results as MitataResult).benchmarks) {
    const stats = benchmark.runs[0]?.stats;
    if (stats) rows.set(benchmark.alias, stats);
  }
  const base = rows.get(options.baseline);
  if (!base) throw new Error(`no baseline row "${options.baseline}"`);
  const width = Math.max(...[...rows.keys()].map((name) => name.length));
  console.log(
    `\n${"benchmark".padEnd(width)}  ${"avg ns/op".padStart(12)}  ${"p99 ns".padStart(12)}  ratio to baseline`,
  );
  for (const [name, stats] of rows) {
    console.log(
      `${name.padEnd(width)}  ${stats.avg.toFixed(1).padStart(12)}  ${stats.p99.toFixed(1).padStart(12)}  ${(stats.avg / base.avg).toFixed(2)}x`,
    );
  }
  for (const goal of options.goals ?? []) {
    const row = rows.get(goal.name);
    const against = rows.get(goal.against);
    if (!row || !against) continue;
    const ratio = row.avg / against.avg;
    const met =
      (goal.atMost === undefined || ratio <= goal.atMost) &&
      (goal.atLeast === undefined || ratio >= goal.atLeast);
    const bound = goal.atMost !== undefined ? `<= ${goal.atMost}x` : `>= ${goal.atLeast}x`;
    console.log(
      `goal: ${goal.name} / ${goal.against} = ${ratio.toFixed(2)}x (${bound}) ${met ? "MET" : "NOT MET"}`,
    );
  }
}
