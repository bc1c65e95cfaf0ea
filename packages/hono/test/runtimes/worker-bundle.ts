// Bundles a Worker module the way wrangler does for workerd: Worker conditions, never `node`.
import { build } from "esbuild";

/** The export conditions workerd bundles resolve with; `node` is deliberately absent. */
export const WORKERD_CONDITIONS = ["workerd", "worker", "browser", "import"] as const;

/** A bundled Worker: its code and the input files esbuild took (to check which hasher went in). */
export interface WorkerBundle {
  readonly code: string;
  readonly inputs: readonly string[];
}

/**
 * Bundles `entry` into one ES module for workerd.
 * @param entry - path of the Worker's entry module
 * @param extraConditions - more conditions first (e.g. `@keyward/source` to bundle from source)
 */
export async function bundleWorker(
  entry: string,
  extraConditions: readonly string[] = [],
): Promise<WorkerBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: [...extraConditions, ...WORKERD_CONDITIONS],
    mainFields: ["browser", "module", "main"],
    metafile: true,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  return { code: output.text, inputs: Object.keys(result.metafile.inputs) };
}
