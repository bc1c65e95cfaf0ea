import { keywardProject } from "../../vitest.shared.ts";

// The tests bundle the Worker with wrangler (once, in the global setup), apply migrations with it,
// and start workerd (miniflare) on a shared 2-core machine. The timeouts bound a hung runtime; no
// test asserts speed.
export default keywardProject("example-hono-workers", {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  globalSetup: ["./test/global-setup.ts"],
});
