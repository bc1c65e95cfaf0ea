import { readFileSync } from "node:fs";
import { defineProject, type UserWorkspaceConfig } from "vitest/config";

// Vitest passes ssr conditions to its workers as `node --conditions`, which apply to require() too:
// listing "import" there made pg's require("pg-pool") load an ESM build. Node adds import, require
// and default by itself, so only our source condition and "node" are named.
const CONDITIONS = ["@keyward/source", "node"];

/** The skips CI accepts, with why; every other conditional skip fails a run with CI=true. */
const ALLOWED_SKIPS = JSON.parse(readFileSync(new URL("./.ci/allowed-skips.json", import.meta.url), "utf8"))
  .allowed as { test: string; why: string }[];

/**
 * Settings every test project shares: resolve `@keyward/*` from source, never from `dist`, and hand
 * the skip policy its list of allowed skips. Type tests (`*.test-d.ts`) are not run here but by the
 * one `types` project (vitest.workspace.ts).
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
      provide: { keywardAllowedSkips: ALLOWED_SKIPS },
      ...extra,
    },
  });
}
