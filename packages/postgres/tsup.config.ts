import { defineConfig } from "tsup";

// One entry per driver subpath, so a bundle that imports `@keyward/postgres/postgres-js` never
// pulls in the `pg` driver; the shared queries go into a common chunk (ESM) or are inlined (CJS).
export default defineConfig({
  entry: ["src/index.ts", "src/pg.ts", "src/postgres-js.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
});
