import { defineProject, type UserWorkspaceConfig } from "vitest/config";

/**
 * Settings every test project shares: resolve `@keyward/*` from source, never from `dist`.
 * @param name - the project name shown in reports
 * @param extra - project-specific test options
 */
export function keywardProject(name: string, extra: UserWorkspaceConfig["test"] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: ["@keyward/source", "node", "import", "default"] },
    ssr: { resolve: { conditions: ["@keyward/source", "node", "import", "default"] } },
    test: {
      name,
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      // Type tests (`*.test-d.ts`, expectTypeOf) run through tsc and count as tests.
      typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"] },
      ...extra,
    },
  });
}
