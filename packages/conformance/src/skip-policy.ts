import { describe, inject, it, type TestContext } from "vitest";

/** A skip that CI accepts, and why skipping it is legitimate. */
export interface AllowedSkip {
  /**
   * The skipped test or suite as reporters name it: suite and test titles joined by ` > `, the
   * `(skipped: …)` reason included. A suite's name covers every test in it.
   */
  readonly test: string;
  /** Why the skip hides nothing, e.g. a capability the store cannot have. */
  readonly why: string;
}

declare module "vitest" {
  interface ProvidedContext {
    /** The skips CI accepts (see {@link AllowedSkip}); give them as `test.provide.keywardAllowedSkips`. */
    keywardAllowedSkips: readonly AllowedSkip[];
  }
}

/**
 * The one switch every conditional skip reads: whether a skip fails the run instead. On in CI
 * (`CI=true` or `CI=1`), where a green run must mean every suite ran.
 * @param env - the environment to read; default `process.env`
 * @example
 * ```ts
 * skipsFail({ CI: "true" }); // true: describeOrSkip, itOrSkip and skipOrFail fail unless allowed
 * skipsFail({}); // false: they skip, the reason in the title or note
 * ```
 */
export function skipsFail(env: Record<string, string | undefined> = globalThis.process?.env ?? {}): boolean {
  return env.CI === "true" || env.CI === "1";
}

function isAllowed(name: string): boolean {
  const allowed = inject("keywardAllowedSkips") ?? [];
  return allowed.some(({ test }) => name === test || name.startsWith(`${test} > `));
}

/** Whether skipping `name` must fail the run: the switch is on and no allowed skip covers it. */
function mustFail(name: string): boolean {
  return skipsFail() && !isAllowed(name);
}

function notRun(name: string, missing: string): Error {
  return new Error(
    `"${name}" did not run: ${missing}. With CI=true a skip fails the run: provide what it needs, or, if ` +
      "skipping it hides nothing, add it with the reason to the allowed skips (test.provide.keywardAllowedSkips).",
  );
}

/**
 * A suite that runs when nothing it needs is missing. When `missing` says what is, the suite is
 * skipped with the reason in its title, except with {@link skipsFail} on, where a failing test named
 * after it takes its place unless the skip is allowed. Call it at the top level of a test file: an
 * allowed skip is matched by the suite's title alone.
 * @param title - the suite's title
 * @param missing - what the suite needs and lacks (e.g. "KEYWARD_TEST_PG_URL is not set"), or undefined
 * @param body - registers the suite's tests and hooks; never called when skipping or failing
 * @param options - suite options, e.g. `{ timeout }`
 * @example
 * ```ts
 * const url = process.env.KEYWARD_TEST_PG_URL;
 * describeOrSkip("postgres: lookups", url ? undefined : "KEYWARD_TEST_PG_URL is not set", () => {
 *   it("finds a key in one round trip", async () => {});
 * });
 * ```
 */
export function describeOrSkip(
  title: string,
  missing: string | undefined,
  body: () => void,
  options: { readonly timeout?: number } = {},
): void {
  if (missing === undefined) {
    describe(title, options, body);
    return;
  }
  const skipped = `${title} (skipped: ${missing})`;
  if (mustFail(skipped)) {
    describe(`${title} (not run: ${missing})`, () => {
      it("runs in CI", () => {
        throw notRun(skipped, missing);
      });
    });
  } else {
    // The one deliberate skip of the repository: outside CI (or when allowed), a suite whose
    // service is missing is reported as skipped, with the reason in its title.
    describe.skip(skipped, options, body);
  }
}

/**
 * A test that runs when nothing it needs is missing. When `missing` says what is, the test carries
 * the reason in its title and, when run, skips, or fails with {@link skipsFail} on unless the skip is
 * allowed (decided when it runs, where its full name is known).
 * @param title - the test's title
 * @param missing - what the test needs and lacks, or undefined
 * @param fn - the test
 * @example
 * ```ts
 * itOrSkip("survives a restart", options.restart ? undefined : "restart is not configured", async () => {});
 * ```
 */
export function itOrSkip(
  title: string,
  missing: string | undefined,
  fn: (context: TestContext) => Promise<void> | void,
): void {
  if (missing === undefined) it(title, fn);
  else it(`${title} (skipped: ${missing})`, (context) => skipOrFail(context, missing));
}

/**
 * Skips the running test with `reason` as its note, for a need found only while it runs; with
 * {@link skipsFail} on, fails it instead unless the skip is allowed.
 * @param context - the running test's context
 * @param reason - what the test needs and lacks
 * @example
 * ```ts
 * it("looks a key up in one read", async (context) => {
 *   if (store.lookupKey === undefined) skipOrFail(context, "the store has no lookupKey");
 * });
 * ```
 */
export function skipOrFail(context: TestContext, reason: string): never {
  const name = context.task.fullTestName ?? context.task.name;
  if (mustFail(name)) throw notRun(name, reason);
  return context.skip(reason);
}
