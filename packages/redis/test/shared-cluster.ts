import { inject } from "vitest";
import { clusterDrivers } from "./cluster-drivers";
import type { TestDriver } from "./drivers";
import type { ClusterNode } from "./redis-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    /** The cluster the global setup started, or why it could not. */
    keywardRedisCluster: { nodes: ClusterNode[] } | { error: string };
  }
}

const provided = inject("keywardRedisCluster");

/** The shared cluster's nodes (empty when it did not start). */
export const CLUSTER_NODES: readonly ClusterNode[] = "nodes" in provided ? provided.nodes : [];

/** Why the cluster tests cannot run, or `undefined` when the shared cluster is up. */
export const CLUSTER_SKIP_REASON: string | undefined = "error" in provided ? provided.error : undefined;

/** Both libraries' cluster clients on the shared cluster. */
export const CLUSTER_DRIVERS: readonly TestDriver[] = clusterDrivers(CLUSTER_NODES);
