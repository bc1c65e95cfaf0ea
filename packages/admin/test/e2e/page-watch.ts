import type { BrowserContext, Page } from "playwright-core";

/**
 * What Chromium logs for every response with an error status, including the API's expected
 * refusals (a 401 for a key that was refreshed away, a 403 that hides a screen): the network's
 * outcome, not an error of the page. Every other console error counts.
 */
const HTTP_ERROR_STATUS = /^Failed to load resource: the server responded with a status of 4\d\d /;

/** Everything that went wrong in a browser context, as readable lines. */
export interface PageWatch {
  /** Console errors, uncaught exceptions, CSP violations and dialogs (an `alert` would be XSS). */
  problems(): string[];
  /** The CSP violations alone (the listener's own check uses them). */
  violations(): string[];
  /** How many dialogs (`alert`, `confirm`, `prompt`) the page opened. */
  dialogs(): number;
  /** Takes the problems so far that match `expected` as provoked by the test itself; others still count. */
  accept(expected: RegExp): void;
}

/**
 * Watches every page of `context`: console errors, page errors, dialogs (dismissed at once), and
 * Content-Security-Policy violations, reported by a `securitypolicyviolation` listener that is in
 * every document before the page's own script runs.
 * @param context - a fresh browser context
 */
export async function watchContext(context: BrowserContext): Promise<PageWatch> {
  const problems: string[] = [];
  const violations: string[] = [];
  let dialogs = 0;
  await context.exposeBinding("__keywardReportViolation", (_source, violation: string) => {
    violations.push(violation);
    problems.push(`CSP violation: ${violation}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __keywardReportViolation(v: string): void })
        .__keywardReportViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}: ${event.sample}`);
    });
  });
  const watch = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error" && !HTTP_ERROR_STATUS.test(message.text())) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("dialog", (dialog) => {
      dialogs++;
      problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
      void dialog.dismiss();
    });
  };
  for (const page of context.pages()) watch(page);
  context.on("page", watch);
  let accepted = 0;
  return {
    problems: () => problems.slice(accepted),
    violations: () => [...violations],
    dialogs: () => dialogs,
    accept(expected) {
      const found = problems.slice(accepted);
      const unexpected = found.filter((problem) => !expected.test(problem));
      if (unexpected.length > 0) throw new Error(`unexpected problems:\n${unexpected.join("\n")}`);
      accepted = problems.length;
    },
  };
}
