import type { PermissionRequirement } from "@keyward/core";
import { checkRequestRequirement, checkRequirement, validateRequirement } from "@keyward/core/adapter";
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { KeywardEnv } from "./env";
import { type KeywardErrorHandling, refuse, validateOnError } from "./errors";
import { getAuth, inheritedErrorHandling } from "./request-state";

/** A requirement, or a function of the context that returns one (e.g. from `c.req.param()`). */
export type RequirementInput<P extends string = string> =
  | PermissionRequirement
  | ((c: Context<KeywardEnv, P>) => PermissionRequirement);

/** Options of {@link requirePermission}. */
export interface RequirePermissionOptions {
  /**
   * What to do with a 401 / 403 / 404 instead of sending it: a handler `(err, c)` returning a
   * `Response`, or `"throw"` to hand it to `app.onError`. Default: the `onError` of the
   * `apiKeyAuth` in front, else send the answer.
   */
  readonly onError?: KeywardErrorHandling;
}

/**
 * Lets a request through only when its principal (set by `apiKeyAuth`) holds the permission: a
 * fixed name, `{ all: [...] }`, `{ any: [...] }`, or a function of the context that returns one.
 * Otherwise answers 401 "Authentication required" when there is no principal or it is the public
 * one (a key might help), 403 "Permission denied" for a key that lacks it. Fixed requirements are
 * validated here, when the route is declared (a name that is not a permission name throws). A
 * function's result is checked on each request: a name built from the request that is not a
 * permission name (`/items/%00`) answers 404 "Not found"; a result of the wrong shape is a bug in
 * the app, thrown to `app.onError`.
 *
 * After it, `c.get("auth")` is typed as a `Principal`: the guard never passes without one.
 *
 * @param requirement - `"content/posts/read"`, `{ all: [...] }`, `{ any: [...] }`, or `(c) => …`
 * @param options - `onError`
 * @example
 * ```ts
 * app.get("/api/content/items/:model", requirePermission((c) => `content/${c.req.param("model")}/read`), handler);
 * app.delete("/api/posts/:id", requirePermission({ all: ["content/posts/read", "content/posts/delete"] }), handler);
 * ```
 */
export function requirePermission<P extends string = string>(
  requirement: RequirementInput<P>,
  options: RequirePermissionOptions = {},
): MiddlewareHandler<KeywardEnv, P> {
  const onError = validateOnError(options?.onError, "requirePermission");
  const fixed =
    typeof requirement === "function" ? null : validateRequirement(requirement, "requirePermission");
  const dynamic = typeof requirement === "function" ? requirement : null;

  return createMiddleware<KeywardEnv, P>(async function keywardRequirePermission(c, next) {
    // Without apiKeyAuth in front there is no principal: a 401, never a pass.
    const principal = getAuth(c);
    const answer =
      fixed === null
        ? checkRequestRequirement(principal, dynamic!(c), "requirePermission")
        : checkRequirement(principal, fixed);
    if (answer === null) {
      await next();
      return;
    }
    return refuse({ answer }, onError ?? inheritedErrorHandling(c), c);
  });
}
