import { keywardProject } from "../../vitest.shared.ts";

// The global setup starts one 3-master Redis Cluster (redis-server, redis-cli) for every file and
// kills it after the run. Forming or healing a cluster on a loaded 2-core machine can take seconds.
export default keywardProject("redis", {
  hookTimeout: 120_000,
  globalSetup: ["./test/cluster-global-setup.ts"],
});
