import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { SkipReasonsReporter } from "./packages/conformance/src/skip-reasons-reporter.ts";
import { projects } from "./vitest.workspace.ts";

export default defineConfig({
  test: {
    projects,
    // A run that collects no test is a broken run, not a green one.
    passWithNoTests: false,
    // Many test files mostly wait: on PostgreSQL or Redis, on a spawned CLI, on Bun, Deno or workerd.
    // Vitest's default (one worker fewer than the cores) is a single worker on a 2-core machine,
    // which runs them one after another; a second worker overlaps those waits.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The default reporter counts skipped tests but names none when several files run: the second
    // lists each skipped suite and test with its reason.
    reporters: ["default", new SkipReasonsReporter()],
  },
});
