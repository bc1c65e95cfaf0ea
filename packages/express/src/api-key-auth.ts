import type { Keyward } from "@keyward/core";
import {
  assertKeyward,
  isPrincipal,
  type RequestAuthOptions,
  type RequestAuthOutcome,
  type RequestCredentials,
  resolveRequestAuth,
  validateRequestAuthOptions,
  withAppKey,
} from "@keyward/core/adapter";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { type KeywardErrorHandling, refuse, validateOnError } from "./errors";
import { readCredentials } from "./read-credentials";
import { rememberRequest } from "./request-state";

/** Options of {@link apiKeyAuth}. */
export interface ApiKeyAuthOptions extends RequestAuthOptions {
  /**
   * Reads the key yourself (a cookie, a header of your own): return it, or `null`/`undefined` when
   * the request has none, synchronously or as a promise. Whatever it returns is checked like a key
   * in the `api-key` header: a different key elsewhere in the request is a 400, a bad one is a 401
   * and never the public role. A key it read from a place keyward does not read is not "misplaced".
   * @example `getKey: (req) => req.signedCookies?.apiKey`
   */
  readonly getKey?: (req: Request) => string | null | undefined | Promise<string | null | undefined>;
  /**
   * What to do with a refusal (400, 401, 503) instead of sending keyward's answer: a handler
   * `(err, req, res, next)`, or `"throw"` to pass it to `next(err)`, your error middleware. The
   * `requirePermission` guards after this middleware inherit it. Default: send the answer.
   */
  readonly onError?: KeywardErrorHandling;
}

/**
 * Authenticates every request: reads the key (`api-key` header, `Authorization: Bearer`, and the
 * `api_key` query parameter when `allowQueryKey` is on; or the `headers` and `getKey` you name),
 * records the principal (read it with `getAuth(req)`; `req.auth` too) and calls `next()`, or answers
 * 400 / 401 / 503 (see docs/http.md). Options are checked when it is created.
 *
 * @param keyward - the instance
 * @param options - `allowQueryKey`, `optional`, `headers`, `getKey`, `retryAfterSeconds`, `onError`
 * @example
 * ```ts
 * import { apiKeyAuth, getAuth, requirePermission } from "@keyward/express";
 *
 * app.use("/api", apiKeyAuth(keyward));
 * app.get("/api/posts", requirePermission("content/posts/read"), (req, res) => {
 *   res.json({ by: getAuth(req)?.userId });
 * });
 * ```
 */
export function apiKeyAuth(keyward: Keyward, options: ApiKeyAuthOptions = {}): RequestHandler {
  const instance = assertKeyward(keyward, "apiKeyAuth");
  const checked = validateRequestAuthOptions(options, "apiKeyAuth");
  const onError = validateOnError(options.onError, "apiKeyAuth");
  const getKey = options.getKey;

  const run = (credentials: RequestCredentials, req: Request, res: Response, next: NextFunction): void => {
    const pending = resolveRequestAuth(instance, credentials, checked);
    // With a synchronous store (memory, SQLite) the outcome is already here: continuing in the
    // same tick instead of a microtask keeps about a tenth of Express's throughput.
    if (pending instanceof Promise) {
      pending.then((outcome) => settle(outcome, req, res, next, onError)).catch(next);
    } else {
      settle(pending, req, res, next, onError);
    }
  };

  return function keywardApiKeyAuth(req: Request, res: Response, next: NextFunction): void {
    let credentials: RequestCredentials;
    let appKey: ReturnType<NonNullable<typeof getKey>> | undefined;
    // Only reading is guarded: once run() has called next(), an error must not call it again.
    try {
      credentials = readCredentials(req, checked.sources);
      if (getKey !== undefined) {
        appKey = getKey(req);
        if (!(appKey instanceof Promise)) credentials = withAppKey(credentials, appKey);
      }
    } catch (error) {
      next(error);
      return;
    }
    if (!(appKey instanceof Promise)) {
      run(credentials, req, res, next);
      return;
    }
    appKey.then(
      (key) => {
        let withKey: RequestCredentials;
        try {
          withKey = withAppKey(credentials, key);
        } catch (error) {
          next(error);
          return;
        }
        run(withKey, req, res, next);
      },
      (error: unknown) => next(error),
    );
  };
}

function settle(
  outcome: RequestAuthOutcome,
  req: Request,
  res: Response,
  next: NextFunction,
  onError: KeywardErrorHandling | undefined,
): void {
  if (outcome.ok) {
    rememberRequest(req, outcome.principal, onError);
    // req.auth too, for apps that read it, unless another library (express-jwt) already owns it.
    const slot = req as { auth?: unknown };
    if (outcome.principal !== undefined && (slot.auth === undefined || isPrincipal(slot.auth))) {
      slot.auth = outcome.principal;
    }
    next();
  } else {
    refuse(outcome, onError, req, res, next);
  }
}
