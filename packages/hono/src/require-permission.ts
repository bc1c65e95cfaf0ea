import {
  checkRequirement,
  type PermissionRequirement,
  type Principal,
  validateRequirement,
} from "@keyward/core";
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { KeywardEnv } from "./env";
import { toResponse } from "./respond";

/** What {@link requirePermission} takes: a requirement, or a function of the request returning one. */
export type PermissionInput<P extends string = string> =
  | PermissionRequirement
  | ((c: Context<KeywardEnv, P>) => PermissionRequirement);

/**
 * Lets a request through only when its principal (set by `apiKeyAuth`) holds the permission:
 * a fixed name, `{ all: [...] }`, `{ any: [...] }`, or a function of the context that returns one
 * (checked on each request). Otherwise answers 401 "Authentication required" for no key or the
 * public role (a key might help), 403 "Permission denied" for a key that lacks it. Fixed
 * requirements are validated here, when the route is declared.
 *
 * @param requirement - the permission needed
 * @example
 * ```ts
 * app.get("/api/content/items/:model", requirePermission((c) => `content/${c.req.param("model")}/read`), handler);
 * app.delete("/api/posts/:id", requirePermission({ all: ["content/posts/read", "content/posts/delete"] }), handler);
 * ```
 */
export function requirePermission<P extends string = string>(
  requirement: PermissionInput<P>,
): MiddlewareHandler<KeywardEnv, P> {
  if (typeof requirement === "function") {
    const compute = requirement;
    return createMiddleware<KeywardEnv, P>(async function keywardRequirePermission(c, next) {
      // A function that returns garbage is a bug in the app: the TypeError surfaces as a 500.
      const needed = validateRequirement(compute(c), "requirePermission");
      const answer = checkRequirement(c.get("auth") as Principal | undefined, needed);
      if (answer !== null) return toResponse(answer);
      await next();
    });
  }
  const needed = validateRequirement(requirement, "requirePermission");
  return createMiddleware<KeywardEnv, P>(async function keywardRequirePermission(c, next) {
    // Without apiKeyAuth in front there is no principal: that is a 401, never a pass.
    const answer = checkRequirement(c.get("auth") as Principal | undefined, needed);
    if (answer !== null) return toResponse(answer);
    await next();
  });
}
