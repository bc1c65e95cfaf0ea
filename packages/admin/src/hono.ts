import { type Context, Hono } from "hono";
import { consoleSite } from "./console-site";
import type { ConsoleOptions } from "./options";

export type { ConsoleOptions } from "./options";

/**
 * The path below the mount point, from the raw URL; `""` for the mount point without its slash.
 * The route pattern (`/admin/*` once mounted) says how many segments the mount point has.
 */
function pathBelowMount(c: Context, path: string): string {
  const mountDepth = c.req.routePath.split("/").length - 2;
  const rest = path.split("/").slice(mountDepth + 1);
  return rest.length === 0 ? "" : `/${rest.join("/")}`;
}

/**
 * The admin console as a Hono app, on Node, Bun, Deno and Workers: mount it with `app.route` at a
 * path of its own, outside the routes `apiKeyAuth` guards. The page signs in with a management key
 * and calls the management API at `apiBase` on the same origin; it serves only static files itself,
 * from the package's code (no disk needed).
 * @param options - where the management API is mounted
 * @example
 * ```ts
 * app.use("/api/*", apiKeyAuth(keyward));
 * app.route("/api/keyward", managementApp(keyward));
 * app.route("/admin", adminConsole({ apiBase: "/api/keyward" })); // open /admin/
 * ```
 */
export function adminConsole(options: ConsoleOptions): Hono {
  const answer = consoleSite(options, "adminConsole");
  return new Hono().all("*", async (c) => {
    const url = new URL(c.req.url);
    const { status, headers, body } = await answer({
      method: c.req.method,
      below: pathBelowMount(c, url.pathname),
      path: url.pathname,
      search: url.search,
    });
    return new Response(body, { status, headers });
  });
}
