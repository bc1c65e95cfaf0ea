import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // vitest is a peer: the suite must register tests with the runner the user runs, never a bundled copy.
  external: ["vitest", "@keyward/core"],
});
