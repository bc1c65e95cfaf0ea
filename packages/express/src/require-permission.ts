import "./augment";
import {
  checkRequestRequirement,
  checkRequirement,
  type PermissionRequirement,
  validateRequirement,
} from "@keyward/core";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { type KeywardErrorHandler, KeywardHttpError, validateOnError } from "./errors";
import { sendAnswer } from "./send-answer";

/** A requirement, or a function of the request that returns one (e.g. from `req.params`). */
export type RequirementInput = PermissionRequirement | ((req: Request) => PermissionRequirement);

/** Options of {@link requirePermission}. */
export interface RequirePermissionOptions {
  /** Called instead of sending the 401 / 403 answer. Default: send it. */
  readonly onError?: KeywardErrorHandler;
}

/**
 * Lets a request through only when `req.auth` holds the permission. Answers 401 "Authentication
 * required" when there is no principal or it is the public one, 403 "Permission denied" for a key
 * that lacks it. Fixed requirements are validated when the guard is created (a name that is not a
 * permission name throws). A function's result is checked per request: a name built from the
 * request that is not a permission name (`/items/%00`) answers 404 "Not found"; a result of the
 * wrong shape is a bug, passed to `next(err)`.
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
    let answer: ReturnType<typeof checkRequirement>;
    try {
      answer =
        fixed === null
          ? checkRequestRequirement(req.auth, dynamic!(req), "requirePermission")
          : checkRequirement(req.auth, fixed);
    } catch (error) {
      next(error);
      return;
    }
    if (answer === null) {
      next();
      return;
    }
    if (onError === undefined) {
      sendAnswer(res, answer);
      return;
    }
    onError(new KeywardHttpError(answer), req, res, next);
  };
}
