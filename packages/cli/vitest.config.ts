import { keywardProject } from "../../vitest.shared.ts";

// The flows start the real binary some 90 times on a shared 2-core machine: a flow takes seconds,
// not milliseconds. The timeouts bound a hung process (or the global setup's build); they assert no
// speed.
export default keywardProject("cli", {
  testTimeout: 120_000,
  hookTimeout: 60_000,
  globalSetup: ["./test/global-setup.ts"],
});
