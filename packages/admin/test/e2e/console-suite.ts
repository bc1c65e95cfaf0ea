import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { describeOrSkip } from "../../../conformance/src/skip-policy";
import { chromiumMissing, launchChromium } from "./chromium";
import { screenshot, UI_TIMEOUT } from "./console-ui";
import { type ExampleServer, manage } from "./example-server";
import { type PageWatch, watchContext } from "./page-watch";
import { keyScenarios } from "./scenarios/keys";
import { manageScenarios } from "./scenarios/manage";
import { safetyScenarios } from "./scenarios/safety";
import type { ConsoleSuiteOptions, Suite } from "./suite";

export type { ConsoleSuiteOptions } from "./suite";

/**
 * The console's end-to-end scenarios on one example app, in a real headless Chromium. Each scenario
 * has a browser context of its own (a fresh tab: nothing in sessionStorage) and names of its own,
 * and sets the state it starts from; none relies on another having run. After each, the context
 * must have logged no console error, thrown nothing, opened no dialog and violated no CSP directive.
 */
export function describeConsoleSuite(options: ConsoleSuiteOptions): void {
  describeOrSkip(options.title, chromiumMissing() ?? options.missing, () => {
    let server: ExampleServer | undefined;
    let browser: Browser | undefined;
    let context: BrowserContext | undefined;
    let page: Page | undefined;
    let watch: PageWatch | undefined;

    beforeAll(async () => {
      [server, browser] = await Promise.all([options.start(), launchChromium()]);
    });
    afterAll(async () => {
      await browser?.close();
      if (server !== undefined) await options.stop(server);
    });
    afterEach(async () => {
      const problems = watch?.problems() ?? [];
      await context?.close();
      context = page = watch = undefined;
      expect(problems).toEqual([]);
    });

    const started = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`${what} is not there: did the suite start?`);
      return value;
    };
    const suite: Suite = {
      options,
      get server() {
        return started(server, "the example");
      },
      async open() {
        context = await started(browser, "the browser").newContext({
          viewport: { width: 1280, height: 860 },
          permissions: ["clipboard-read", "clipboard-write"],
        });
        watch = await watchContext(context);
        page = await context.newPage();
        page.setDefaultTimeout(UI_TIMEOUT);
        return page;
      },
      watch: () => started(watch, "the page watch"),
      shot: (name) => (options.screenshots ? screenshot(started(page, "the page"), name) : Promise.resolve()),
      publicRoleIs: (role) => manage(suite.server, "PUT", "/settings/public-role", { role }),
    };
    keyScenarios(suite);
    manageScenarios(suite);
    safetyScenarios(suite);
  });
}
