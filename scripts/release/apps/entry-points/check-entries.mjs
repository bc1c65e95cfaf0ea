// Every entry point of every installed @keyward package loads, both ways: import() (ESM) and
// require() (CommonJS), as listed by each package's own `exports` map.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
// Entry points that cannot be require()d for a reason outside the package, with that reason.
const NOT_REQUIRABLE = {
  "@keyward/conformance": "its peer vitest 4 refuses require(); the suites run inside vitest, which imports",
};
const scope = join(process.cwd(), "node_modules/@keyward");
let failed = 0;
let passed = 0;
for (const folder of readdirSync(scope).sort()) {
  const manifest = JSON.parse(readFileSync(join(scope, folder, "package.json"), "utf8"));
  for (const subpath of Object.keys(manifest.exports ?? { ".": null })) {
    if (subpath === "./package.json" || subpath.includes("*")) continue;
    const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    for (const [how, load] of [
      ["import", (s) => import(s)],
      ["require", (s) => require(s)],
    ]) {
      if (how === "require" && NOT_REQUIRABLE[specifier]) {
        console.log(`    skip ${how.padEnd(7)} ${specifier}: ${NOT_REQUIRABLE[specifier]}`);
        continue;
      }
      try {
        const module = await load(specifier);
        passed++;
        console.log(`    ok   ${how.padEnd(7)} ${specifier} (${Object.keys(module).length} exports)`);
      } catch (error) {
        failed++;
        console.log(
          `    FAIL ${how.padEnd(7)} ${specifier}: ${String(error?.message ?? error).split("\n")[0]}`,
        );
      }
    }
  }
}
console.log(`  entry points: ${passed}/${passed + failed} loads passed`);
process.exit(failed === 0 ? 0 : 1);
