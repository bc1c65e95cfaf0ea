import { defineConfig } from "tsup";

// The server side only: the console itself (src/console) is bundled for browsers by
// src/build/write-console.ts, which runs after tsup and writes dist/console-files.{js,cjs};
// `#console-files` stays external so the package's `imports` map picks that file at run time.
export default defineConfig({
  entry: ["src/index.ts", "src/express.ts", "src/hono.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  external: ["#console-files"],
});
