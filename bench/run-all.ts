/**
 * Runs every benchmark under bench/ (files named `*.bench.ts`), one child process each so that one
 * benchmark's heap and JIT state cannot colour the next. Pass a substring to run only matching files:
 * `pnpm bench core`.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = import.meta.dirname;
const filter = process.argv[2] ?? "";

function findBenchFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules") return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findBenchFiles(path);
    return entry.name.endsWith(".bench.ts") ? [path] : [];
  });
}

const files = findBenchFiles(root)
  .map((file) => relative(root, file))
  .filter((file) => file.includes(filter))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n##### ${file}`);
  const child = spawnSync(process.execPath, ["--conditions=@keyward/source", "--import", "tsx", file], {
    cwd: root,
    stdio: "inherit",
  });
  if (child.status !== 0) failed++;
}
if (files.length === 0) console.error(`no benchmark matches "${filter}"`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
