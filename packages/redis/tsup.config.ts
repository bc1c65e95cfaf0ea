import { defineConfig } from "tsup";

// One entry per driver subpath, so importing one driver never loads the other's file.
export default defineConfig({
  entry: ["src/index.ts", "src/drivers/node-redis.ts", "src/drivers/ioredis.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
});
