import { keywardProject } from "../../vitest.shared.ts";

// The smoke test starts two real server processes (tsx compiles them on start) on a shared 2-core
// machine. The timeout bounds a hung server; no test asserts speed.
export default keywardProject("example-express-redis", { testTimeout: 60_000, hookTimeout: 60_000 });
