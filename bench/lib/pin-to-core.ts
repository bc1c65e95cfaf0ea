import { spawnSync } from "node:child_process";

/**
 * Makes the current benchmark process (the load generator) run on one core, leaving the others to
 * the servers it measures: re-runs this very script under `taskset -c <core>` and exits with its
 * status. Returns at once in the re-run.
 * @param core - the core for the load generator
 */
export function rerunPinnedToCore(core: number): void {
  if (process.env.KEYWARD_BENCH_PINNED === "1") return;
  const child = spawnSync(
    "taskset",
    ["-c", String(core), process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: "inherit", env: { ...process.env, KEYWARD_BENCH_PINNED: "1" } },
  );
  process.exit(child.status ?? 1);
}
