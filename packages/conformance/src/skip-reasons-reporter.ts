import type { Reporter, TestCase, TestModule, TestSuite, Vitest } from "vitest/node";

/** How `describeOrSkip` and `itOrSkip` mark a skipped title; `skipOrFail` leaves a note instead. */
const REASON = "(skipped: ";

/**
 * One line per skipped suite (its tests counted) or test that says why. Tests skipped by a filter
 * (`-t`, `.only`) give no reason and are left out, or a filtered run would list hundreds.
 */
function skippedLines(module: TestModule): string[] {
  const where = `${module.project.name ? `${module.project.name} ` : ""}${module.relativeModuleId}`;
  const lines: string[] = [];
  const visit = (children: Iterable<TestCase | TestSuite>) => {
    for (const child of children) {
      if (child.type === "suite") {
        if (child.state() === "skipped" && child.name.includes(REASON)) {
          const count = [...child.children.allTests()].length;
          lines.push(`${where} > ${child.fullName} (${count} ${count === 1 ? "test" : "tests"})`);
        } else visit(child.children);
        continue;
      }
      const result = child.result();
      if (result.state !== "skipped") continue;
      if (result.note && !child.name.includes(result.note))
        lines.push(`${where} > ${child.fullName} [${result.note}]`);
      else if (child.name.includes(REASON)) lines.push(`${where} > ${child.fullName}`);
    }
  };
  visit(module.children);
  return lines;
}

/**
 * Lists every skipped suite and test after the run with its reason (`describeOrSkip` and `itOrSkip`
 * put it in the title, `skipOrFail` in the note). Vitest's default reporter counts skips but, once a
 * run has several files, names none. Add it next to the default reporter.
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { reporters: ["default", new SkipReasonsReporter()] } });
 * ```
 */
export class SkipReasonsReporter implements Reporter {
  #vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines = testModules.flatMap(skippedLines);
    if (lines.length === 0) return;
    const log = this.#vitest?.logger.log.bind(this.#vitest.logger) ?? console.log;
    log(`\n Skipped, with the reason (${lines.length}):`);
    for (const line of lines) log(`   ↓ ${line}`);
  }
}
