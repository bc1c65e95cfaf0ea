import "./augment";
import {
  type Keyward,
  type RequestAuthOptions,
  type RequestAuthOutcome,
  resolveRequestAuth,
  validateRequestAuthOptions,
} from "@keyward/core";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { type KeywardErrorHandler, KeywardHttpError, validateOnError } from "./errors";
import { readCredentials } from "./read-credentials";
import { sendAnswer } from "./send-answer";

/** Options of {@link apiKeyAuth}. */
export interface ApiKeyAuthOptions extends RequestAuthOptions {
  /**
   * Called instead of sending keyward's answer (400, 401 or 503). Default: send it.
   * @example `onError: (err, req, res, next) => next(err)` hands the error to your error handler.
   */
  readonly onError?: KeywardErrorHandler;
}

/**
 * Authenticates every request: reads the key (`api-key` header, `Authorization: Bearer`, and the
 * `api_key` query parameter when `allowQueryKey` is on), sets `req.auth` to the principal and calls
 * `next()`, or answers 400 / 401 / 503 (see docs/http.md). Options are checked when it is created.
 *
 * @param keyward - the instance
 * @param options - `allowQueryKey`, `optional`, `retryAfterSeconds`, `onError`
 * @example
 * ```ts
 * import { apiKeyAuth, requirePermission } from "@keyward/express";
 *
 * app.use("/api", apiKeyAuth(keyward));
 * app.get("/api/posts", requirePermission("content/posts/read"), (req, res) => {
 *   res.json({ by: req.auth?.userId });
 * });
 * ```
 */
export function apiKeyAuth(keyward: Keyward, options: ApiKeyAuthOptions = {}): RequestHandler {
  if (typeof keyward?.authenticateAwaitable !== "function") {
    throw new TypeError("apiKeyAuth: the first argument must be a keyward instance (createKeyward(...))");
  }
  const authOptions = validateRequestAuthOptions(options, "apiKeyAuth");
  const onError = validateOnError(options.onError, "apiKeyAuth");

  return function keywardApiKeyAuth(req: Request, res: Response, next: NextFunction): void {
    let credentials: ReturnType<typeof readCredentials>;
    try {
      credentials = readCredentials(req);
    } catch (error) {
      next(error);
      return;
    }
    const pending = resolveRequestAuth(keyward, credentials, authOptions);
    // With a synchronous store (memory, SQLite) the outcome is already here: continuing in the
    // same tick instead of a microtask keeps about a tenth of Express's throughput.
    if (pending instanceof Promise) {
      pending.then((outcome) => settle(outcome, req, res, next, onError)).catch(next);
    } else {
      settle(pending, req, res, next, onError);
    }
  };
}

function settle(
  outcome: RequestAuthOutcome,
  req: Request,
  res: Response,
  next: NextFunction,
  onError: KeywardErrorHandler | undefined,
): void {
  if (outcome.ok) {
    if (outcome.principal !== undefined) req.auth = outcome.principal;
    next();
  } else {
    refuse(outcome, req, res, next, onError);
  }
}

function refuse(
  outcome: Extract<RequestAuthOutcome, { ok: false }>,
  req: Request,
  res: Response,
  next: NextFunction,
  onError: KeywardErrorHandler | undefined,
): void {
  if (onError === undefined) {
    sendAnswer(res, outcome.answer);
    return;
  }
  try {
    onError(new KeywardHttpError(outcome.answer, outcome.error, outcome.detail), req, res, next);
  } catch (error) {
    next(error);
  }
}
