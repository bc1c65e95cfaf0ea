import type { Page } from "playwright-core";
import type { ExampleServer } from "./example-server";
import type { PageWatch } from "./page-watch";

/** One example app the console is tested on. */
export interface ConsoleSuiteOptions {
  readonly title: string;
  /** What the suite lacks besides Chromium (e.g. a database URL), or `undefined`. */
  readonly missing?: string | undefined;
  readonly start: () => Promise<ExampleServer>;
  readonly stop: (server: ExampleServer) => Promise<void>;
  /** A route of the example's API that needs a key with `content/*\/read`, and one the public role reads. */
  readonly paths: { readonly protected: string; readonly public: string };
  /** Whether this suite takes the README's screenshots (with KEYWARD_SCREENSHOTS=1). */
  readonly screenshots: boolean;
}

/** What a scenario gets from its suite; read it inside the test, once the suite has started. */
export interface Suite {
  readonly options: ConsoleSuiteOptions;
  /** The running example. */
  readonly server: ExampleServer;
  /** A new browser context (a fresh tab: empty sessionStorage) and its page, watched for problems. */
  open(): Promise<Page>;
  /** The watch of the context `open` made. */
  watch(): PageWatch;
  /** A screenshot of the page for the README, when this suite takes them and KEYWARD_SCREENSHOTS=1. */
  shot(name: string): Promise<void>;
  /** Sets the public role through the API, as the state a scenario starts from. */
  publicRoleIs(role: string | null): Promise<unknown>;
}
