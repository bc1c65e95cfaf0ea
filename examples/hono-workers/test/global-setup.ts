// The Worker is bundled once, in vitest's main process before any test file starts: the smoke and
// D1 tests run the bundle on workerd, the bundle test inspects and measures it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { bundleWorker } from "./wrangler";

/** One bundle as `wrangler deploy --dry-run` wrote it. */
export interface WorkerBundle {
  /** The Worker module, `index.js`. */
  readonly script: string;
  /** esbuild's metafile of the build. */
  readonly metafile: string;
}

declare module "vitest" {
  interface ProvidedContext {
    /** The Worker as `wrangler deploy` uploads it, and as `wrangler deploy --minify` does. */
    honoWorkersBundles: { readonly plain: WorkerBundle; readonly minified: WorkerBundle };
  }
}

/**
 * Bundles the Worker plain and minified (at once) into a temporary directory, removed at the end.
 * @param project - the example's test project
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "keyward-hono-workers-bundle-"));
  const bundle = (name: string) => ({
    script: join(dir, name, "index.js"),
    metafile: join(dir, `${name}.meta.json`),
  });
  const plain = bundle("plain");
  const minified = bundle("minified");
  try {
    await Promise.all([
      bundleWorker(join(dir, "plain"), plain.metafile, false),
      bundleWorker(join(dir, "minified"), minified.metafile, true),
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide("honoWorkersBundles", { plain, minified });
  return () => rmSync(dir, { recursive: true, force: true });
}
