import type { NextFunction, Request, RequestHandler, Response } from "express";
import { consoleSite } from "./console-site";
import type { ConsoleOptions } from "./options";

export type { ConsoleOptions } from "./options";

const pathOf = (url: string): string => url.split("?", 1)[0] ?? "/";
const searchOf = (url: string): string => {
  const start = url.indexOf("?");
  return start === -1 ? "" : url.slice(start);
};

/**
 * The admin console as Express middleware (Express 4 and 5): mount it at a path of its own, outside
 * the routes `apiKeyAuth` guards. The page signs in with a management key and calls the management
 * API at `apiBase` on the same origin; it serves only static files itself.
 * @param options - where the management API is mounted
 * @example
 * ```ts
 * app.use("/api", apiKeyAuth(keyward));
 * app.use("/api/keyward", managementRouter(keyward));
 * app.use("/admin", adminConsole({ apiBase: "/api/keyward" })); // open /admin/
 * ```
 */
export function adminConsole(options: ConsoleOptions): RequestHandler {
  const answer = consoleSite(options, "adminConsole");
  return function adminConsole(req: Request, res: Response, next: NextFunction): void {
    const path = pathOf(req.originalUrl);
    // Mounted at /admin, Express hands "/" for both /admin and /admin/: only the original URL tells.
    const below = req.path === "/" && !path.endsWith("/") ? "" : req.path;
    answer({ method: req.method, below, path, search: searchOf(req.originalUrl) }).then(
      ({ status, headers, body }) => {
        res.status(status).set(headers);
        res.end(body ?? undefined);
      },
      next,
    );
  };
}
