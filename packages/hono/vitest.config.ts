import { keywardProject } from "../../vitest.shared.ts";

// The runtime matrix starts Node, Bun, Deno and workerd on a shared 2-core machine, from the dist
// that the global setup builds when stale. The timeouts bound a hung runtime; no test asserts speed.
export default keywardProject("hono", {
  testTimeout: 60_000,
  hookTimeout: 180_000,
  globalSetup: ["./test/runtimes/global-setup.ts"],
});
