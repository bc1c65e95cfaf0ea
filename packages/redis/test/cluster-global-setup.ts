// One Redis Cluster for every test file of the project, started in vitest's main process before any
// file runs and killed after the last, whatever the outcome. Tests give each store its own prefix,
// hence its own hash tag; a test that stops nodes starts a cluster of its own (redis-cluster.ts).
import type { TestProject } from "vitest/node";
import { startThrowawayCluster, type ThrowawayCluster } from "./redis-cluster";

/**
 * Starts the shared cluster and provides its nodes as `keywardRedisCluster`, or why it could not
 * start (the cluster tests then report that reason, which fails a CI run).
 * @param project - the redis test project
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: ThrowawayCluster | undefined;
  try {
    cluster = await startThrowawayCluster();
    project.provide("keywardRedisCluster", { nodes: [...cluster.nodes] });
  } catch (error) {
    project.provide("keywardRedisCluster", {
      error: `no Redis Cluster could be started: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return async () => {
    await cluster?.dispose();
  };
}
