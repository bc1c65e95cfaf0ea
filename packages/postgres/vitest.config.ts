import { keywardProject } from "../../vitest.shared.ts";

const project = keywardProject("postgres");

// Vitest hands ssr.resolve.conditions to its workers as `node --conditions`, which also apply to
// require(): with "import" among them, pg's require("pg-pool") loads pg-pool's ESM build and fails
// ("Class extends value [object Module]"). Node adds import/require/default by itself, so drop them.
const conditions = ["@keyward/source", "node"];

export default {
  ...project,
  resolve: { ...project.resolve, conditions },
  ssr: { ...project.ssr, resolve: { ...project.ssr?.resolve, conditions } },
};
