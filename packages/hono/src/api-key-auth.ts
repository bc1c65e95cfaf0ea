import {
  type Keyward,
  type RequestAuthOptions,
  resolveRequestAuth,
  validateRequestAuthOptions,
} from "@keyward/core";
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { KeywardEnv, OptionalKeywardEnv } from "./env";
import { type KeywardErrorHandler, KeywardHttpError, validateOnError } from "./errors";
import { readCredentials } from "./read-credentials";
import { toResponse } from "./respond";
import { validateKeyward } from "./validate-keyward";

/** Options of {@link apiKeyAuth}. */
export interface ApiKeyAuthOptions extends RequestAuthOptions {
  /**
   * Called instead of sending keyward's answer (400, 401 or 503): return a `Response`, or throw
   * (`(err) => { throw err; }` hands it to `app.onError`). `err.cause` holds what made a 503.
   * Default: send the answer.
   */
  readonly onError?: KeywardErrorHandler;
}

/**
 * Authenticates every request: reads the key (the `api-key` header, then `Authorization: Bearer`,
 * then, when `allowQueryKey` is on, the `api_key` query parameter), sets `c.get("auth")` to the
 * principal and calls the next handler; or answers at once with core's ready answer (400 for
 * conflicting keys or a disabled query key, 401 for a missing or failed key, 503 when the store
 * fails). Requests without a key act as the public role when one is set. Options are checked here,
 * once, so a typo fails at start-up.
 *
 * @param keyward - the keyward instance
 * @param options - `allowQueryKey`, `optional`, `retryAfterSeconds`, `onError`
 * @example
 * ```ts
 * import { apiKeyAuth, requirePermission } from "@keyward/hono";
 *
 * app.use("/api/*", apiKeyAuth(keyward));
 * app.get("/api/posts", requirePermission("content/posts/read"), (c) => c.json({ by: c.get("auth").userId }));
 * ```
 */
export function apiKeyAuth(
  keyward: Keyward,
  options?: ApiKeyAuthOptions & { readonly optional?: false },
): MiddlewareHandler<KeywardEnv>;
export function apiKeyAuth(
  keyward: Keyward,
  options: ApiKeyAuthOptions & { readonly optional: true },
): MiddlewareHandler<OptionalKeywardEnv>;
export function apiKeyAuth(
  keyward: Keyward,
  options?: ApiKeyAuthOptions,
): MiddlewareHandler<OptionalKeywardEnv>;
export function apiKeyAuth(
  keyward: Keyward,
  options: ApiKeyAuthOptions = {},
): MiddlewareHandler<KeywardEnv> | MiddlewareHandler<OptionalKeywardEnv> {
  const instance = validateKeyward(keyward, "apiKeyAuth");
  const authOptions = validateRequestAuthOptions(options, "apiKeyAuth");
  const onError = validateOnError(options.onError, "apiKeyAuth");

  return createMiddleware<KeywardEnv>(async function keywardApiKeyAuth(c, next) {
    // Awaited only when authentication really is asynchronous: with a synchronous store the
    // request continues without a microtask hop.
    const pending = resolveRequestAuth(instance, readCredentials(c), authOptions);
    const outcome = pending instanceof Promise ? await pending : pending;
    if (outcome.ok) {
      if (outcome.principal !== undefined) c.set("auth", outcome.principal);
      await next();
      return;
    }
    // A returned Response, not a thrown HTTPException: an app-level `onError` cannot rewrite it, so
    // the answer stays byte-identical to the Express adapter's unless the app asks otherwise.
    if (onError === undefined) return toResponse(outcome.answer);
    return onError(new KeywardHttpError(outcome.answer, outcome.error, outcome.detail), c);
  });
}
