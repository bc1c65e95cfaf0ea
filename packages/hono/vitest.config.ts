import { keywardProject } from "../../vitest.shared.ts";

// The runtime matrix builds dist when stale and starts Node, Bun, Deno and workerd on a shared
// 2-core machine. The timeouts bound a hung runtime; no test asserts speed.
export default keywardProject("hono", { testTimeout: 60_000, hookTimeout: 180_000 });
