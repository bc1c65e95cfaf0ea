import type { Measurement } from "./measure";
import { median, percent, times } from "./stats";

/** A goal: keyward's CPU per request against another variant's, at least `atLeast`. */
export interface Goal {
  readonly label: string;
  /** The variant compared with keyward; the ratio is its CPU per request over keyward's. */
  readonly against: string;
  readonly atLeast: number;
  /** `percent` or `times`. */
  readonly format: (ratio: number) => string;
}

/** One framework's variants, its floor and its goals. */
export interface Group {
  readonly framework: string;
  readonly floor: string;
  readonly variants: readonly string[];
  readonly goals: readonly Goal[];
}

/** Every load of every server, in round order, by `framework:variant`. */
export type Samples = ReadonlyMap<string, readonly Measurement[]>;

/** The ratio `field(over) / field(under)` in each round (both loaded seconds apart). */
function perRound(samples: Samples, over: string, under: string, field: "serverCpuUs" | "rps"): number[] {
  const a = samples.get(over)!;
  const b = samples.get(under)!;
  return a.map((m, i) => m[field] / b[i]![field]);
}

/** Median and range of per-round ratios, e.g. `94.1% (90.2–97.0)`. */
function spread(ratios: readonly number[], format: (ratio: number) => string): string {
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  return `${format(median(ratios))} (${format(low)}–${format(high)})`;
}

/**
 * Prints one framework's table (medians of req/s and CPU per request, per-round ratios against the
 * floor) and its goals; returns whether every goal was met.
 * @param group - the framework
 * @param samples - every load
 */
export function reportGroup(group: Group, samples: Samples): boolean {
  const floor = `${group.framework}:${group.floor}`;
  const rounds = samples.get(floor)!.length;
  console.log(
    `\n${group.framework}: medians of ${rounds} rounds; ratios taken inside each round, against ${floor}`,
  );
  console.log(
    `${"variant".padEnd(18)} ${"req/s".padStart(7)} ${"µs CPU/req".padStart(11)} ${"floor CPU / this (range)".padStart(26)} ${"req/s vs floor".padStart(15)} ${"wrk µs/req".padStart(11)}`,
  );
  for (const variant of group.variants) {
    const name = `${group.framework}:${variant}`;
    const list = samples.get(name)!;
    const cpu = median(list.map((m) => m.serverCpuUs)).toFixed(1);
    const rps = median(list.map((m) => m.rps)).toFixed(0);
    const byCpu = spread(perRound(samples, floor, name, "serverCpuUs"), percent);
    const byRps = percent(median(perRound(samples, name, floor, "rps")));
    const wrk = median(list.map((m) => m.wrkCpuUs)).toFixed(2);
    console.log(
      `${variant.padEnd(18)} ${rps.padStart(7)} ${cpu.padStart(11)} ${byCpu.padStart(26)} ${byRps.padStart(15)} ${wrk.padStart(11)}`,
    );
  }
  let allMet = true;
  const keyward = `${group.framework}:keyward`;
  for (const goal of group.goals) {
    const against = `${group.framework}:${goal.against}`;
    const byCpu = perRound(samples, against, keyward, "serverCpuUs");
    const met = median(byCpu) >= goal.atLeast;
    allMet &&= met;
    const byRps = goal.format(median(perRound(samples, keyward, against, "rps")));
    console.log(
      `goal ${group.framework}: ${goal.label} >= ${goal.format(goal.atLeast)}: CPU/req ${spread(byCpu, goal.format)} ${met ? "MET" : "NOT MET"} (req/s ${byRps})`,
    );
  }
  return allMet;
}

/**
 * Prints the generator check and returns whether it passed: what wrk can send (requests per second
 * of its own CPU, measured in the calibration) against what the cheapest server under test can
 * serve on its core (one second over its median CPU per request).
 * @param wrkCapacity - requests per second of wrk CPU
 * @param samples - every load
 * @param minimum - the least acceptable ratio
 */
export function reportGenerator(wrkCapacity: number, samples: Samples, minimum: number): boolean {
  let fastest = "";
  let fastestCpu = Number.POSITIVE_INFINITY;
  for (const [name, list] of samples) {
    const cpu = median(list.map((m) => m.serverCpuUs));
    if (cpu < fastestCpu) [fastest, fastestCpu] = [name, cpu];
  }
  const capacity = 1e6 / fastestCpu;
  const headroom = wrkCapacity / capacity;
  const ok = headroom >= minimum;
  console.log(
    `\ngenerator: wrk can send ${wrkCapacity.toFixed(0)} req/s; the fastest server under test (${fastest}) can serve ` +
      `${capacity.toFixed(0)} on its core: ${times(headroom)} (>= ${minimum}x) ` +
      `${ok ? "OK" : "FAILED: the generator, not the server, may set the pace; this run measures nothing"}`,
  );
  return ok;
}
