import { keywardProject } from "../../vitest.shared.ts";

// The runtime matrix builds dist when stale and starts Node, Bun, Deno and workerd on a shared
// 2-core machine. The timeouts bound a hung runtime; no test asserts speed.
const project = keywardProject("hono", { testTimeout: 60_000, hookTimeout: 180_000 });

// Vitest hands `ssr.resolve.conditions` to Node as `--conditions` flags, and the shared "import"
// makes Node's require() pick ESM entries of CJS packages: Express 5's router (used by the parity
// test against @keyward/express) then gets is-promise's namespace instead of its function. Vite adds
// import/require per import kind by itself. Same fix as packages/express/vitest.config.ts.
export default {
  ...project,
  ssr: { resolve: { conditions: ["@keyward/source", "node"] } },
};
