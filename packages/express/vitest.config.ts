import { keywardProject } from "../../vitest.shared.ts";

const project = keywardProject("express", { typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] } });

// Vitest hands `ssr.resolve.conditions` to Node as `--conditions` flags. The shared list contains
// "import", which makes Node's require() pick ESM entries of CJS packages: Express 5's router then
// gets is-promise's module namespace instead of its function ("isPromise is not a function"). Vite
// adds import/require per import kind by itself, so the explicit ones are not needed here.
export default {
  ...project,
  ssr: { resolve: { conditions: ["@keyward/source", "node"] } },
};
