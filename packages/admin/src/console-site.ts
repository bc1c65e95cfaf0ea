import { type ConsoleAsset, consoleAssets } from "./console-assets";
import { type ConsoleOptions, consoleConfig } from "./options";
import { NO_STORE, securityHeaders } from "./security-headers";

/** What the console answers to one request, before a framework turns it into its response type. */
export interface ConsoleAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body; `null` for HEAD (the headers are those of the GET). */
  readonly body: string | null;
}

/** One request, as a mount function sees it. */
export interface ConsoleRequest {
  readonly method: string;
  /**
   * The path below the mount point: `""` for the mount point itself without its trailing slash
   * (redirected, so the console's relative links resolve), `"/"`, `"/assets/main-….js"`.
   */
  readonly below: string;
  /** The whole path as requested, for the redirect. */
  readonly path: string;
  /** The query string with its `?`, or `""`. */
  readonly search: string;
}

/** Answers console requests; the files are loaded on the first one. */
export type ConsoleSite = (request: ConsoleRequest) => Promise<ConsoleAnswer>;

function plain(status: number, body: string, extra: Record<string, string> = {}): ConsoleAnswer {
  return {
    status,
    headers: { ...securityHeaders(NO_STORE), "content-type": "text/plain; charset=utf-8", ...extra },
    body,
  };
}

/** The answer to a path the console does not serve. */
export const NOT_FOUND: ConsoleAnswer = plain(404, "Not found");

/**
 * The whole console for one set of options: `index.html`, `config.json` and the hashed assets (see
 * `consoleAssets`), GET and HEAD only. Every mount function (Express, Hono, fetch) only translates
 * its request into a {@link ConsoleRequest} and the answer into its response.
 * @param options - the mount options, checked now so that a mistake fails at start
 * @param caller - the mount function's name, for option errors
 */
export function consoleSite(options: ConsoleOptions, caller: string): ConsoleSite {
  consoleConfig(options, caller);
  let assets: Promise<Map<string, ConsoleAsset>> | undefined;
  const load = (): Promise<Map<string, ConsoleAsset>> => {
    if (assets !== undefined) return assets;
    assets = consoleAssets(options).then((list) => new Map(list.map((asset) => [`/${asset.path}`, asset])));
    // A failed load (a broken build while developing) is tried again on the next request.
    assets.catch(() => {
      assets = undefined;
    });
    return assets;
  };

  return async function answer(request) {
    const method = request.method.toUpperCase();
    if (method !== "GET" && method !== "HEAD")
      return plain(405, "Method not allowed", { allow: "GET, HEAD" });
    // The redirect repeats the requested path: one that starts with "//" would send the browser to
    // another host.
    if (request.path.startsWith("//")) return NOT_FOUND;
    if (request.below === "") {
      const location = `${request.path}/${request.search}`;
      return plain(308, `The console is at ${location}`, { location });
    }
    const asset = (await load()).get(request.below === "/" ? "/index.html" : request.below);
    if (asset === undefined) return NOT_FOUND;
    return { status: 200, headers: asset.headers, body: method === "HEAD" ? null : asset.body };
  };
}
