// The tests of the built package (its size budget, the files it embeds, its CommonJS and ESM
// entries) read dist/. Built here, in vitest's main process before any test file starts, when it is
// missing or older than its sources; every other test runs from source.
import type { TestProject } from "vitest/node";
import { ensureBuilt } from "./ensure-built";

declare module "vitest" {
  interface ProvidedContext {
    /** Why building @keyward/admin failed in the global setup, or null when dist is fresh. */
    keywardAdminBuildFailure: string | null;
  }
}

/**
 * Builds packages/admin/dist when stale, now and before each watch-mode rerun.
 * @param project - the admin test project
 */
export default async function setup(project: TestProject): Promise<void> {
  const build = async () => {
    try {
      await ensureBuilt();
      project.provide("keywardAdminBuildFailure", null);
    } catch (error) {
      project.provide("keywardAdminBuildFailure", (error as Error).message);
    }
  };
  await build();
  project.onTestsRerun(build);
}
