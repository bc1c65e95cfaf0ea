/**
 * `authenticate()` on Cloudflare D1 (`@keyward/sqlite/d1`), timed inside a Worker in workerd
 * (miniflare), next to a bare prepared D1 `SELECT … WHERE id = ?` on the primary key of the same
 * table, in one run. See README.md.
 *
 * Goal: a valid-key authentication within 1.5x of the bare SELECT.
 *
 * Run from bench/: node --conditions=@keyward/source --import tsx stores-d1/authenticate.bench.ts
 * (KEYWARD_BENCH_D1_KEYS=1000 for a quicker run; default 10,000 keys.)
 */
import { build } from "esbuild";
import { Miniflare } from "miniflare";

const keys = Number(process.env.KEYWARD_BENCH_D1_KEYS ?? 10_000);
// Each round: CALLS calls of every variant, interleaved call by call inside the Worker.
const ROUNDS = 21;
const CALLS = 100;

// The Worker is built the way wrangler builds one: Worker conditions, never `node` (so core takes
// its Web Crypto hasher), workspace packages from source.
const bundle = await build({
  entryPoints: [`${import.meta.dirname}/worker.ts`],
  bundle: true,
  write: false,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["@keyward/source", "workerd", "worker", "browser", "import"],
  mainFields: ["browser", "module", "main"],
  logLevel: "silent",
});
const mf = new Miniflare({
  modules: true,
  script: bundle.outputFiles[0]?.text ?? "",
  compatibilityDate: "2025-08-01",
  d1Databases: ["DB"],
});
try {
  const started = performance.now();
  const setup = await mf.dispatchFetch(`http://bench/setup?keys=${keys}`, { method: "POST" });
  if (!setup.ok) throw new Error(`setup failed: ${await setup.text()}`);
  const { variants } = (await setup.json()) as { variants: string[] };
  console.log(
    `${keys.toLocaleString("en")} keys stored in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const measure = async (calls: number) => {
    const answer = await mf.dispatchFetch(`http://bench/measure?calls=${calls}`);
    return (await answer.json()) as Record<string, number>;
  };
  await measure(CALLS); // warm-up
  const samples = new Map<string, number[]>(variants.map((variant) => [variant, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [variant, ns] of Object.entries(await measure(CALLS))) samples.get(variant)?.push(ns);
  }
  const median = (list: number[] = []) =>
    [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;
  const baseline = "bare D1 SELECT by id";
  const medians = new Map(variants.map((variant) => [variant, median(samples.get(variant))]));
  const base = medians.get(baseline) ?? Number.NaN;
  console.log(
    `\n${"variant (timed in the Worker)".padEnd(30)}  ${"median µs/call".padStart(14)}  ratio to "${baseline}"`,
  );
  for (const [variant, ns] of medians) {
    console.log(`${variant.padEnd(30)}  ${(ns / 1000).toFixed(1).padStart(14)}  ${(ns / base).toFixed(2)}x`);
  }
  for (const variant of ["authenticate user key", "authenticate app key"]) {
    const ratio = (medians.get(variant) ?? Number.NaN) / base;
    console.log(
      `goal: ${variant} / ${baseline} = ${ratio.toFixed(2)}x (<= 1.5x) ${ratio <= 1.5 ? "MET" : "NOT MET"}`,
    );
  }
} finally {
  await mf.dispose();
}
