// The built-binary flow runs dist/bin.js, which loads core's and sqlite's dist. Built here, in
// vitest's main process before any test file starts, so no build ever runs while another test file
// reads a dist. The builder is the runtime matrix's: one rule for when a dist is stale.
import type { TestProject } from "vitest/node";
import { provideDist } from "../../hono/test/runtimes/ensure-dist";

/**
 * Builds the dist the built binary needs when missing or stale.
 * @param project - the cli test project
 */
export default async function setup(project: TestProject): Promise<void> {
  await provideDist(project, ["core", "sqlite", "cli"]);
}
