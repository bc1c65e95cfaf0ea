// The vitest run of test/runtimes/node-sqlite.conformance.ts, started under Node 22 by
// src/runtimes.test.ts. Not in the workspace's project list: the main run stays on Node 20.
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const CONDITIONS = ["@keyward/source", "node"];

export default defineConfig({
  root: join(import.meta.dirname, "..", ".."),
  resolve: { conditions: CONDITIONS },
  ssr: { resolve: { conditions: CONDITIONS } },
  test: {
    include: ["test/runtimes/node-sqlite.conformance.ts"],
    passWithNoTests: false,
  },
});
