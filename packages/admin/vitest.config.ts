import { keywardProject } from "../../vitest.shared.ts";

// The end-to-end suites start the examples as server processes and drive a real Chromium through
// every screen on a shared 2-core machine: a scenario takes seconds. The timeouts bound a hung
// browser or server (and the global setup's build); no test asserts speed.
export default keywardProject("admin", {
  testTimeout: 120_000,
  hookTimeout: 180_000,
  globalSetup: ["./test/global-setup.ts"],
});
