// Judges a vitest JSON report for CI: the run must have collected and passed tests, failed none,
// and skipped only what .ci/allowed-skips.json allows. A skipped test is allowed when its name
// (suite and test titles joined by " > ", as vitest names it) equals an allowed entry or lies
// inside an allowed suite. Prints every skipped test with its verdict.
//
//   node .ci/check-vitest-report.mjs .ci/out/vitest.json
import { readFileSync } from "node:fs";
import { relative } from "node:path";

const report = JSON.parse(readFileSync(process.argv[2] ?? ".ci/out/vitest.json", "utf8"));
const { allowed } = JSON.parse(readFileSync(new URL("./allowed-skips.json", import.meta.url), "utf8"));

const skipped = report.testResults.flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status === "skipped" || test.status === "pending" || test.status === "todo")
    .map((test) => ({
      file: relative(process.cwd(), file.name),
      name: [...test.ancestorTitles, test.title].join(" > "),
    })),
);
const allowing = (name) => allowed.find(({ test }) => name === test || name.startsWith(`${test} > `));

console.log(
  `vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped.length} skipped`,
);
let refused = 0;
for (const { file, name } of skipped) {
  const entry = allowing(name);
  if (entry === undefined) refused++;
  console.log(`  ${entry ? "allowed" : "NOT ALLOWED"}: ${name}\n    (${file})`);
}
const used = new Set(skipped.map(({ name }) => allowing(name)).filter(Boolean));
for (const entry of allowed) {
  if (!used.has(entry)) console.log(`  note: the allowed skip "${entry.test}" did not occur`);
}

const problems = [
  report.numTotalTests === 0 || report.numPassedTests === 0 ? "no test ran" : null,
  report.numFailedTests > 0 ? `${report.numFailedTests} tests failed` : null,
  refused > 0 ? `${refused} skipped tests are not in .ci/allowed-skips.json` : null,
].filter(Boolean);
for (const problem of problems) console.error(`FAIL: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
