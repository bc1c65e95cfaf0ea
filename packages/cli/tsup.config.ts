import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
  },
  {
    // The binary is ESM only: it uses top-level await, and `bin` points at dist/bin.js.
    entry: ["src/bin.ts"],
    format: ["esm"],
    sourcemap: true,
    target: "es2022",
  },
]);
