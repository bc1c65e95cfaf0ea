// What the conformance suite imports from "vitest", for `bun test`: bun:test's API, plus the few
// vitest APIs the suite uses that bun:test lacks. Preloaded by bun-preload.ts, which points
// "vitest" here.
import * as bunTest from "bun:test";

export * from "bun:test";

const { expect: bunExpect } = bunTest;
type Matchers = Record<string, (...args: unknown[]) => void>;

/**
 * vitest's `expect.poll`: retries the assertion every `interval` ms until it passes or `timeout`
 * ms have gone by (default 50 and 1000).
 */
function poll(read: () => unknown, options: { timeout?: number; interval?: number } = {}) {
  const { timeout = 1000, interval = 50 } = options;
  return new Proxy(
    {},
    {
      get:
        (_target, matcher: string) =>
        async (...args: unknown[]) => {
          const deadline = Date.now() + timeout;
          for (;;) {
            const value = await read();
            try {
              (bunExpect(value) as unknown as Matchers)[matcher]?.(...args);
              return;
            } catch (error) {
              if (Date.now() >= deadline) throw error;
              await new Promise((resolve) => setTimeout(resolve, interval));
            }
          }
        },
    },
  );
}
Object.assign(bunExpect, { poll });

/** vitest's `inject`: values a vitest config provides; a Bun run provides none. */
export function inject(_key: string): undefined {
  return undefined;
}
