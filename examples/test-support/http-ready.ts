import type { Child } from "./child-process";

/** Pause between two connection attempts while the server is not listening yet. */
const RETRY_MS = 100;

/**
 * Resolves once `url` answers over HTTP, whatever the status: the server really accepts and handles
 * requests (a printed "listening" line can be wrong). Rejects with the process's output when it
 * exits first or `deadline` (a `Date.now()` value) passes. A request the server holds back while it
 * prepares its data simply takes longer.
 * @param url - what to request, e.g. the server's `/`
 * @param child - the server process
 * @param deadline - when to give up
 */
export async function waitForHttp(url: string, child: Child, deadline: number): Promise<void> {
  const exitedEarly = () =>
    new Error(
      `server exited before answering ${url}\nstdout:\n${child.stdout()}\nstderr:\n${child.stderr()}`,
    );
  for (;;) {
    if (child.hasExited()) throw exitedEarly();
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      throw new Error(`${url} did not answer in time\n${child.stdout()}\n${child.stderr()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(remaining) });
      await response.body?.cancel();
      return;
    } catch {
      // Not listening yet (refused), or the process died while we waited: look again.
      await Promise.race([new Promise((resolve) => setTimeout(resolve, RETRY_MS)), child.exited]);
    }
  }
}
