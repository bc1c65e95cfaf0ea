// Preloaded by `bun test` for the bun:sqlite conformance run. The suite imports "vitest", which
// `bun test` maps onto bun:test by itself, before any resolver plugin sees it; bun:test lacks a few
// vitest APIs the suite uses. So the suite's sources are loaded with "vitest" pointing at
// vitest-on-bun.ts, which adds them.
import { readFileSync } from "node:fs";
import { plugin } from "bun";

const shim = `${import.meta.dirname}/vitest-on-bun.ts`;

plugin({
  name: "vitest on bun:test",
  setup(build) {
    build.onLoad({ filter: /[\\/]conformance[\\/]src[\\/].*\.ts$/ }, ({ path }) => ({
      contents: readFileSync(path, "utf8").replace(/(from\s+)(["'])vitest\2/g, `$1$2${shim}$2`),
      loader: "ts",
    }));
  },
});
