/**
 * The one list of test projects. `vitest.config.ts` hands it to `test.projects`.
 * Every project resolves workspace packages from source through the `@keyward/source` condition,
 * so tests never need a prior build.
 */
export const projects = ["packages/*/vitest.config.ts", "examples/*/vitest.config.ts"];
