// The runtime matrix serves the app from the packages' dist. Built here, in vitest's main process
// before any test file starts, so no build ever runs while another test file reads a dist.
import type { TestProject } from "vitest/node";
import { provideDist } from "./ensure-dist";

/**
 * Builds core's and hono's dist when missing or stale.
 * @param project - the hono test project
 */
export default async function setup(project: TestProject): Promise<void> {
  await provideDist(project, ["core", "hono"]);
}
