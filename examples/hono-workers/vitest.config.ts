import { keywardProject } from "../../vitest.shared.ts";

// The smoke test bundles the Worker and starts workerd (miniflare) on a shared 2-core machine. The
// timeouts bound a hung runtime; no test asserts speed.
export default keywardProject("example-hono-workers", { testTimeout: 60_000, hookTimeout: 60_000 });
