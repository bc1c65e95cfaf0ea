import { defineProject } from "vitest/config";

/** Where type tests live, for vitest and for the tsconfig it checks them with. */
const TYPE_TESTS = ["packages/*/{src,test}/**/*.test-d.ts", "examples/*/{src,test}/**/*.test-d.ts"];

/**
 * Every type test (`*.test-d.ts`, expectTypeOf) in one project, checked by one tsc run over
 * tsconfig.type-tests.json. A typecheck in each package's project would run tsc a dozen times, each
 * over a whole package (which `pnpm typecheck` already checks), and under the package's own
 * tsconfig: core's leaves its type tests out, so they would pass without being checked.
 */
const types = defineProject({
  test: {
    name: "types",
    typecheck: { enabled: true, only: true, include: TYPE_TESTS, tsconfig: "./tsconfig.type-tests.json" },
  },
});

/**
 * The one list of test projects. `vitest.config.ts` hands it to `test.projects`.
 * Every project resolves workspace packages from source through the `@keyward/source` condition,
 * so tests never need a prior build (the tests of built output build what they need when stale).
 */
export const projects = ["packages/*/vitest.config.ts", "examples/*/vitest.config.ts", types];
