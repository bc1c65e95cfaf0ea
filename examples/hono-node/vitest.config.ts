import { keywardProject } from "../../vitest.shared.ts";

// The smoke test starts the real server as a child process (tsx compiles it on start) on a shared
// 2-core machine. The timeout bounds a hung server; no test asserts speed.
const project = keywardProject("example-hono-node", { testTimeout: 60_000, hookTimeout: 60_000 });

// Vitest hands ssr.resolve.conditions to its workers as `node --conditions`, which also apply to
// require(): with "import" among them, pg's require("pg-pool") loads pg-pool's ESM build and fails.
const conditions = ["@keyward/source", "node"];

export default {
  ...project,
  resolve: { ...project.resolve, conditions },
  ssr: { ...project.ssr, resolve: { ...project.ssr?.resolve, conditions } },
};
