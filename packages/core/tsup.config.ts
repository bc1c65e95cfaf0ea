import { defineConfig } from "tsup";

// The hashers are separate entries so that the package's `imports` map ("#sha256") can pick the
// Node-native one at run time; `#sha256` stays external so the main bundle never inlines either.
export default defineConfig({
  entry: ["src/index.ts", "src/adapter.ts", "src/hash/sha256-node.ts", "src/hash/sha256-web.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  external: ["#sha256"],
});
