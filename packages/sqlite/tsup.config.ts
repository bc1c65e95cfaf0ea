import { defineConfig } from "tsup";

// One entry per driver, each its own subpath export, so that a bundle takes only the driver it
// imports; the shared queries are split into common chunks (ESM).
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "drivers/better-sqlite3": "src/drivers/better-sqlite3.ts",
    "drivers/node-sqlite": "src/drivers/node-sqlite.ts",
    "drivers/bun-sqlite": "src/drivers/bun-sqlite.ts",
    "drivers/d1": "src/drivers/d1.ts",
    "migration-cli": "src/migration-cli.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
});
