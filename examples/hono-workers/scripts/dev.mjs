// `pnpm dev`: applies migrations/ to the local D1 database, then runs the pinned wrangler's
// `wrangler dev` on PORT (default 8787), bundling the workspace packages from source, so no
// `pnpm build` is needed first. Arguments are passed on to `wrangler dev`; a `--persist-to <dir>`
// among them is passed to the migration too, so both use the same local database.
import { spawn, spawnSync } from "node:child_process";
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
// wrangler reads wrangler.toml and .dev.vars from its working directory: the example's.
const cwd = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);

/** `--persist-to <dir>` or `--persist-to=<dir>` from the arguments, as wrangler would read it. */
function persistTo() {
  const at = args.findIndex((arg) => arg === "--persist-to" || arg.startsWith("--persist-to="));
  if (at === -1) return [];
  return args[at].includes("=") ? [args[at]] : args.slice(at, at + 2);
}

// Only migrations not applied yet run (wrangler records them in the database), so a restart costs
// one quick check. stdin is not a terminal: wrangler then skips its "continue?" question, which
// guards remote databases, not this local one.
const migrated = spawnSync(
  process.execPath,
  [wrangler, "d1", "migrations", "apply", "DB", "--local", ...persistTo()],
  { stdio: ["ignore", "inherit", "inherit"], cwd },
);
if (migrated.status !== 0) {
  console.error(
    "Applying migrations/ to the local D1 database failed (above); wrangler dev was not started.",
  );
  process.exit(migrated.status ?? 1);
}

const child = spawn(process.execPath, [wrangler, "dev", "--ip", HOST, "--port", String(port), ...args], {
  stdio: "inherit",
  cwd,
  // The packages' `@keyward/source` export points at their TypeScript, which wrangler's esbuild
  // bundles; the other three are wrangler's default conditions.
  env: { ...process.env, WRANGLER_BUILD_CONDITIONS: "@keyward/source,workerd,worker,browser" },
});
// Ctrl-C reaches wrangler directly (same terminal); a SIGTERM sent to this script alone is passed on.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
