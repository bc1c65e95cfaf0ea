// `pnpm dev`: the pinned wrangler's `wrangler dev` on PORT (default 8787), bundling the workspace
// packages from source, so no `pnpm build` is needed first.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const HOST = "127.0.0.1";
const value = process.env.PORT ?? "8787";
const port = Number(value);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a number from 1 to 65535, not "${value}": e.g. PORT=8788 pnpm dev`);
  process.exit(1);
}

/** Whether the port can be bound now. Without this check wrangler would fail with a workerd stack trace. */
function isFree() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) => (error.code === "EADDRINUSE" ? resolve(false) : reject(error)));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

if (!(await isFree())) {
  console.error(
    `Port ${port} on ${HOST} is already in use: stop the program using it, or start on another port: PORT=${port + 1} pnpm dev`,
  );
  process.exit(1);
}

const wrangler = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const child = spawn(
  process.execPath,
  [wrangler, "dev", "--ip", HOST, "--port", String(port), ...process.argv.slice(2)],
  {
    stdio: "inherit",
    // wrangler reads wrangler.toml and .dev.vars from its working directory: the example's.
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    // The packages' `@keyward/source` export points at their TypeScript, which wrangler's esbuild
    // bundles; the other three are wrangler's default conditions.
    env: { ...process.env, WRANGLER_BUILD_CONDITIONS: "@keyward/source,workerd,worker,browser" },
  },
);
// Ctrl-C reaches wrangler directly (same terminal); a SIGTERM sent to this script alone is passed on.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
