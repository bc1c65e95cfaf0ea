import type { PermissionRequirement } from "@keyward/core";
import {
  checkRequestRequirement,
  checkRequirement,
  type HttpAnswer,
  validateRequirement,
} from "@keyward/core/adapter";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { type KeywardErrorHandling, refuse, validateOnError } from "./errors";
import { getAuth, inheritedErrorHandling } from "./request-state";

/** A requirement, or a function of the request that returns one (e.g. from `req.params`). */
export type RequirementInput = PermissionRequirement | ((req: Request) => PermissionRequirement);

/** Options of {@link requirePermission}. */
export interface RequirePermissionOptions {
  /**
   * What to do with a 401 / 403 / 404 instead of sending it: a handler `(err, req, res, next)`, or
   * `"throw"` to pass it to `next(err)`. Default: the `onError` of the `apiKeyAuth` in front, else
   * send the answer.
   */
  readonly onError?: KeywardErrorHandling;
}

/**
 * Lets a request through only when its caller (as `apiKeyAuth` found it) holds the permission.
 * Answers 401 "Authentication required" when there is no principal or it is the public one, 403
 * "Permission denied" for a key that lacks it. Fixed requirements are validated when the guard is
 * created (a name that is not a permission name throws). A function's result is checked per
 * request: a name built from the request that is not a permission name (`/items/%00`) answers 404
 * "Not found"; a result of the wrong shape is a bug, passed to `next(err)`.
 *
 * @param requirement - `"content/posts/read"`, `{ all: [...] }`, `{ any: [...] }`, or `(req) => …`
 * @param options - `onError`
 * @example
 * ```ts
 * app.get("/api/items/:model", requirePermission((req) => `content/${req.params.model}/read`), handler);
 * ```
 */
export function requirePermission(
  requirement: RequirementInput,
  options: RequirePermissionOptions = {},
): RequestHandler {
  const onError = validateOnError(options?.onError, "requirePermission");
  const fixed =
    typeof requirement === "function" ? null : validateRequirement(requirement, "requirePermission");
  const dynamic = typeof requirement === "function" ? requirement : null;

  return function keywardRequirePermission(req: Request, res: Response, next: NextFunction): void {
    let answer: HttpAnswer | null;
    try {
      answer =
        fixed === null
          ? checkRequestRequirement(getAuth(req), dynamic!(req), "requirePermission")
          : checkRequirement(getAuth(req), fixed);
    } catch (error) {
      next(error);
      return;
    }
    if (answer === null) next();
    else refuse({ answer }, onError ?? inheritedErrorHandling(req), req, res, next);
  };
}
