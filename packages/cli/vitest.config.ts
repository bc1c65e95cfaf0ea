import { keywardProject } from "../../vitest.shared.ts";

// The binary tests spawn real processes (tsx compiles the source on each start) on a shared 2-core
// machine: a run takes seconds, not milliseconds. This bounds a hung process; it asserts no speed.
export default keywardProject("cli", { testTimeout: 120_000, hookTimeout: 60_000 });
