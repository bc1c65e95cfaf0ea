// Runs the Worker bundle on workerd through miniflare and sends the smoke's requests over HTTP.
// miniflare comes from the workspace (KEYWARD_MINIFLARE names its entry), so the app under test
// installs only what a Worker project would.
import { readFileSync } from "node:fs";
import { runChecks } from "./checks.mjs";

const { Miniflare } = await import(process.env.KEYWARD_MINIFLARE);
const bundle = readFileSync("dist/worker.js", "utf8");
const nodeImports = bundle.match(/(?:from|import|require)\s*\(?\s*["']node:[^"']+["']/g) ?? [];
if (nodeImports.length > 0) {
  console.log(`  FAIL the bundle imports Node built-ins: ${[...new Set(nodeImports)].join(", ")}`);
  process.exit(1);
}
console.log(`    ok   bundle has no node: imports (${(bundle.length / 1024).toFixed(1)} KiB)`);

const mf = new Miniflare({ modules: true, scriptPath: "dist/worker.js", compatibilityDate: "2025-08-01" });
try {
  const keys = await (await mf.dispatchFetch("http://localhost/__seed")).json();
  const request = async (path, key) => {
    const response = await mf.dispatchFetch(`http://localhost${path}`, {
      headers: key === null ? {} : { "api-key": key },
    });
    return { status: response.status, body: await response.text() };
  };
  const failed = await runChecks("hono on workerd (esbuild bundle, miniflare)", request, keys);
  process.exitCode = failed === 0 ? 0 : 1;
} finally {
  await mf.dispose();
}
