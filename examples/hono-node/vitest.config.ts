import { keywardProject } from "../../vitest.shared.ts";

// The smoke test starts the real server as a child process (tsx compiles it on start) on a shared
// 2-core machine. The timeout bounds a hung server; no test asserts speed.
export default keywardProject("example-hono-node", { testTimeout: 60_000, hookTimeout: 60_000 });
