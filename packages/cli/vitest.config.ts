import { keywardProject } from "../../vitest.shared.ts";

// The binary tests spawn real processes (tsx compiles the source on each start) on a shared 2-core
// machine: a run takes seconds, not milliseconds. This bounds a hung process; it asserts no speed.
const project = keywardProject("cli", { testTimeout: 120_000, hookTimeout: 60_000 });

// Vitest hands ssr.resolve.conditions to its workers as `node --conditions`, which also apply to
// require(): with "import" among them, pg's require("pg-pool") loads pg-pool's ESM build and fails
// ("Class extends value [object Module]"). Node adds import/require/default by itself, so drop them.
const conditions = ["@keyward/source", "node"];

export default {
  ...project,
  resolve: { ...project.resolve, conditions },
  ssr: { ...project.ssr, resolve: { ...project.ssr?.resolve, conditions } },
};
