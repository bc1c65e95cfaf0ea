// The conformance suite, and the lock cases, on the synchronous drivers that need another runtime
// than this Node 20 run: `node:sqlite` under Node 22 (the `node` npm package's binary, running
// vitest there) and `bun:sqlite` under `bun test`. Each runs as a child process; its report must
// show every test passed and none skipped. A missing binary fails: a runtime not run is not a pass.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname, "..");
const runtimes = join(packageDir, "test", "runtimes");
const node22 = join(packageDir, "node_modules", "node", "bin", "node");
const bun = join(packageDir, "node_modules", ".bin", "bun");

// Per driver: the suite's 43 tests when these runs were added, plus 2 lock cases
// (test/runtimes/lock-cases.ts); fewer means part of it was not collected.
const SUITE_FLOOR = 45;

interface ChildRun {
  readonly code: number | null;
  readonly output: string;
  /** Every test the run reported: its full name and whether it passed. */
  readonly tests: readonly { readonly name: string; readonly passed: boolean }[];
  /** The run's own totals, as its report states them. */
  readonly totals: { readonly tests: number; readonly passed: number };
}

function runChild(command: string, args: readonly string[], cwd: string) {
  // The child is a test run of its own, not a worker of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")));
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

async function runNode22(reports: string): Promise<ChildRun> {
  const report = join(reports, "node22.json");
  const vitest = join(packageDir, "..", "..", "node_modules", "vitest", "vitest.mjs");
  const config = join(runtimes, "vitest.node22.config.ts");
  const { code, output } = await runChild(
    node22,
    [vitest, "run", "--config", config, "--reporter=json", `--outputFile=${report}`],
    packageDir,
  );
  if (!existsSync(report)) return { code, output, tests: [], totals: { tests: 0, passed: 0 } };
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    numTotalTests: number;
    numPassedTests: number;
    testResults: { assertionResults: { fullName: string; status: string }[] }[];
  };
  const tests = json.testResults
    .flatMap((file) => file.assertionResults)
    .map((test) => ({ name: test.fullName, passed: test.status === "passed" }));
  return { code, output, tests, totals: { tests: json.numTotalTests, passed: json.numPassedTests } };
}

async function runBun(reports: string): Promise<ChildRun> {
  const report = join(reports, "bun.xml");
  const { code, output } = await runChild(
    bun,
    [
      "test",
      "--conditions=@keyward/source",
      "--preload",
      "./bun-preload.ts",
      "./bun-sqlite.conformance.ts",
      "--reporter=junit",
      `--reporter-outfile=${report}`,
    ],
    runtimes,
  );
  if (!existsSync(report)) return { code, output, tests: [], totals: { tests: 0, passed: 0 } };
  const junit = readFileSync(report, "utf8");
  const attribute = (tag: string, name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(tag)?.[1]);
  const suites = /<testsuites\b[^>]*>/.exec(junit)?.[0] ?? "";
  const tests = [
    ...junit.matchAll(
      /<testcase\b[^>]*?name="([^"]*)"[^>]*?classname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g,
    ),
  ].map(([, name, classname, , body]) => ({
    name: `${classname} > ${name}`.replaceAll("&gt;", ">"),
    passed: body === undefined || !/<(failure|skipped|error)\b/.test(body),
  }));
  const failedOrSkipped = attribute(suites, "failures") + attribute(suites, "skipped");
  const total = attribute(suites, "tests");
  return { code, output, tests, totals: { tests: total, passed: total - failedOrSkipped } };
}

const tail = (run: ChildRun) => run.output.slice(-4000);

describe("the store conformance suite on other runtimes", () => {
  const reports = mkdtempSync(join(tmpdir(), "keyward-sqlite-runtimes-"));
  afterAll(() => rmSync(reports, { recursive: true, force: true }));
  let node: ChildRun;
  let bunRun: ChildRun;

  beforeAll(async () => {
    expect(
      existsSync(node22),
      `Node 22 missing at ${node22}: the \`node\` package installs its binary from a build script, which pnpm must be allowed to run (onlyBuiltDependencies)`,
    ).toBe(true);
    expect(existsSync(bun), `bun missing at ${bun}`).toBe(true);
    [node, bunRun] = await Promise.all([runNode22(reports), runBun(reports)]);
  }, 300_000);

  it("node:sqlite under Node 22: every test passed, none skipped, with array and with object rows", () => {
    expect(
      node.tests.filter((test) => !test.passed).map((test) => test.name),
      tail(node),
    ).toEqual([]);
    expect(node.code, tail(node)).toBe(0);
    expect(node.totals).toEqual({ tests: node.tests.length, passed: node.tests.length });
    expect(node.tests.length).toBeGreaterThanOrEqual(2 * SUITE_FLOOR);
    expect(
      node.tests.filter((test) => !/node:sqlite, Node 22\.\d+\.\d+, (array|object) rows/.test(test.name)),
    ).toEqual([]);
  });

  it("bun:sqlite under bun test: every test passed, none skipped", () => {
    expect(
      bunRun.tests.filter((test) => !test.passed).map((test) => test.name),
      tail(bunRun),
    ).toEqual([]);
    expect(bunRun.code, tail(bunRun)).toBe(0);
    expect(bunRun.totals).toEqual({ tests: bunRun.tests.length, passed: bunRun.tests.length });
    expect(bunRun.tests.length).toBeGreaterThanOrEqual(SUITE_FLOOR);
    expect(bunRun.tests.filter((test) => !/bun:sqlite, Bun \d/.test(test.name))).toEqual([]);
  });

  it("ran the same tests on both: on Node 22 once per row shape, on Bun once", () => {
    expect(node.tests.length).toBe(2 * bunRun.tests.length);
  });
});
