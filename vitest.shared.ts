import { defineProject, type UserWorkspaceConfig } from "vitest/config";

// Vitest passes ssr conditions to its workers as `node --conditions`, which apply to require() too:
// listing "import" there made pg's require("pg-pool") load an ESM build. Node adds import, require
// and default by itself, so only our source condition and "node" are named.
const CONDITIONS = ["@keyward/source", "node"];

/**
 * Settings every test project shares: resolve `@keyward/*` from source, never from `dist`.
 * @param name - the project name shown in reports
 * @param extra - project-specific test options
 */
export function keywardProject(name: string, extra: UserWorkspaceConfig["test"] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: CONDITIONS },
    ssr: { resolve: { conditions: CONDITIONS } },
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      // Type tests (`*.test-d.ts`, expectTypeOf) run through tsc and count as tests.
      typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"] },
      ...extra,
    },
  });
}
