import { type ConsoleAnswer, consoleSite, NOT_FOUND } from "./console-site";
import type { ConsoleOptions } from "./options";

/** Options of {@link createConsoleHandler}. */
export interface ConsoleHandlerOptions extends ConsoleOptions {
  /**
   * The path the console is served at, e.g. `"/admin"`: the handler answers it (redirecting to
   * `/admin/`) and everything below it, and 404 elsewhere. Default: `""`, the origin's root.
   */
  readonly basePath?: string;
}

const BASE_PATH = /^(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$/;

/**
 * The console as a fetch handler, `(request: Request) => Promise<Response>`, for any runtime with
 * the Fetch API: Node 18+, Bun, Deno, Cloudflare Workers. The built files are part of the package's
 * code, so nothing is read from disk or fetched.
 * @param options - where the management API is, and where the console is served
 * @example
 * ```ts
 * const adminConsole = createConsoleHandler({ apiBase: "/api/keyward", basePath: "/admin" });
 * export default {
 *   fetch: (request: Request) =>
 *     new URL(request.url).pathname.startsWith("/admin") ? adminConsole(request) : app.fetch(request),
 * };
 * ```
 */
export function createConsoleHandler(
  options: ConsoleHandlerOptions,
): (request: Request) => Promise<Response> {
  const basePath = options.basePath ?? "";
  if (typeof basePath !== "string" || !BASE_PATH.test(basePath)) {
    throw new TypeError(
      'createConsoleHandler: basePath must be "" or a path without a trailing slash, e.g. "/admin"',
    );
  }
  const answer = consoleSite(options, "createConsoleHandler");
  return async function consoleHandler(request) {
    const url = new URL(request.url);
    const path = url.pathname;
    const inside = path === basePath || path.startsWith(`${basePath}/`);
    const { status, headers, body }: ConsoleAnswer = inside
      ? await answer({ method: request.method, below: path.slice(basePath.length), path, search: url.search })
      : NOT_FOUND;
    return new Response(body, { status, headers });
  };
}
