/**
 * How long one `keyward` command takes from spawn to exit, as a ratio to starting a bare `node`.
 * Operators run the CLI in scripts and deploy steps, so start-up is its cost: this shows what loading
 * commander, core and only the one driver a store needs adds, per store, for the built binary and
 * for the run-from-source path (tsx) the tests use.
 *
 * Commands run round-robin (every command once per round) so machine noise hits all of them alike;
 * the median of the rounds is reported. Set KEYWARD_TEST_PG_URL / KEYWARD_TEST_REDIS_URL to include
 * PostgreSQL and Redis. Run: node --conditions=@keyward/source --import tsx cli/startup.bench.ts
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { createClient } from "redis";

const ROUNDS = 15;
const cliDir = fileURLToPath(new URL("../../packages/cli/", import.meta.url));
const built = join(cliDir, "dist", "bin.js");
const tsx = pathToFileURL(createRequire(join(cliDir, "package.json")).resolve("tsx")).href;
const dir = mkdtempSync(join(tmpdir(), "keyward-cli-bench-"));
const sqlite = `sqlite:${join(dir, "bench.db")}`;
const suffix = `${process.pid}_${Date.now().toString(36)}`;

type Row = { name: string; args: string[] };
const rows: Row[] = [{ name: "node -e '' (baseline)", args: ["-e", ""] }];
const source = ["--conditions=@keyward/source", "--import", tsx, join(cliDir, "src", "bin.ts")];
rows.push({ name: "source (tsx): --version", args: [...source, "--version"] });
rows.push({
  name: "source (tsx): roles list, sqlite",
  args: [...source, "roles", "list", "--store", sqlite],
});
const stores: [string, string][] = [["sqlite", sqlite]];
if (process.env.KEYWARD_TEST_PG_URL) {
  const url = new URL(process.env.KEYWARD_TEST_PG_URL);
  url.searchParams.set("schema", `keyward_clibench_${suffix}`);
  stores.push(["postgres", url.href]);
}
if (process.env.KEYWARD_TEST_REDIS_URL) {
  const url = new URL(process.env.KEYWARD_TEST_REDIS_URL);
  url.searchParams.set("prefix", `keyward-clibench:${suffix}:`);
  stores.push(["redis", url.href]);
}
if (existsSync(built)) {
  rows.push({ name: "built: --version", args: [built, "--version"] });
  for (const [name, url] of stores)
    rows.push({ name: `built: roles list, ${name}`, args: [built, "roles", "list", "--store", url] });
} else {
  console.log("packages/cli/dist/bin.js is missing (run `pnpm build`): measuring the source path only");
}

function run(args: string[]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: "utf8" });
  const ms = performance.now() - started;
  if (child.status !== 0) throw new Error(`${args.join(" ")} exited ${child.status}: ${child.stderr}`);
  return ms;
}

try {
  const migrateWith = existsSync(built) ? [built] : source;
  for (const [, url] of stores) run([...migrateWith, "migrate", "--store", url]);
  const times = new Map(rows.map((row) => [row.name, [] as number[]]));
  for (let round = 0; round < ROUNDS; round++)
    for (const row of rows) times.get(row.name)?.push(run(row.args));

  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const base = median(times.get(rows[0]!.name) ?? []);
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log(
    `\n${"command".padEnd(width)}  ${"median ms".padStart(10)}  ratio to bare node (${ROUNDS} rounds)`,
  );
  for (const row of rows) {
    const value = median(times.get(row.name) ?? []);
    console.log(`${row.name.padEnd(width)}  ${value.toFixed(1).padStart(10)}  ${(value / base).toFixed(2)}x`);
  }
} finally {
  // Leave nothing behind: the temp SQLite file, this run's schema and this run's Redis keys.
  rmSync(dir, { recursive: true, force: true });
  if (process.env.KEYWARD_TEST_PG_URL) {
    const pool = new pg.Pool({ connectionString: process.env.KEYWARD_TEST_PG_URL, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS "keyward_clibench_${suffix}" CASCADE`);
    await pool.end();
  }
  if (process.env.KEYWARD_TEST_REDIS_URL) {
    const client = await createClient({ url: process.env.KEYWARD_TEST_REDIS_URL }).connect();
    for await (const batch of client.scanIterator({ MATCH: `keyward-clibench:${suffix}:*` })) {
      if (batch.length > 0) await client.del(batch);
    }
    await client.close();
  }
}
