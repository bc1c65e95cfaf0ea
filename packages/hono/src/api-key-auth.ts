import type { Keyward } from "@keyward/core";
import {
  assertKeyward,
  isPrincipal,
  type RequestAuthOptions,
  type RequestCredentials,
  resolveRequestAuth,
  validateRequestAuthOptions,
  withAppKey,
} from "@keyward/core/adapter";
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { KeywardEnv, OptionalKeywardEnv } from "./env";
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
   * @example `getKey: (c) => getCookie(c, "api_key")`
   */
  readonly getKey?: (c: Context) => string | null | undefined | Promise<string | null | undefined>;
  /**
   * What to do with a refusal (400, 401, 503) instead of sending keyward's answer: a handler
   * `(err, c)` returning a `Response`, or `"throw"` to hand it to `app.onError` (it is an
   * `HTTPException` whose `getResponse()` is keyward's answer). The `requirePermission` guards after
   * this middleware inherit it. Default: send the answer.
   */
  readonly onError?: KeywardErrorHandling;
}

/**
 * Authenticates every request: reads the key (the `api-key` header, `Authorization: Bearer`, and,
 * when `allowQueryKey` is on, the `api_key` query parameter; or the `headers` and `getKey` you
 * name), sets `c.get("auth")` to the principal (also `getAuth(c)`) and calls the next handler; or
 * answers at once with core's ready answer (400 for conflicting or misplaced keys or a disabled
 * query key, 401 for a missing or failed key, 503 when the store fails). Requests without a key act
 * as the public role when one is set. Options are checked here, once, so a typo fails at start-up.
 *
 * @param keyward - the keyward instance
 * @param options - `allowQueryKey`, `optional`, `headers`, `getKey`, `retryAfterSeconds`, `onError`
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
  const instance = assertKeyward(keyward, "apiKeyAuth");
  const checked = validateRequestAuthOptions(options, "apiKeyAuth");
  const onError = validateOnError(options.onError, "apiKeyAuth");
  const getKey = options.getKey;

  return createMiddleware<KeywardEnv>(async function keywardApiKeyAuth(c, next) {
    let credentials: RequestCredentials = readCredentials(c, checked.sources);
    if (getKey !== undefined) {
      const appKey = getKey(c);
      credentials = withAppKey(credentials, appKey instanceof Promise ? await appKey : appKey);
    }
    // Awaited only when authentication really is asynchronous: with a synchronous store the
    // request continues without a microtask hop.
    const pending = resolveRequestAuth(instance, credentials, checked);
    const outcome = pending instanceof Promise ? await pending : pending;
    if (outcome.ok) {
      rememberRequest(c, outcome.principal, onError);
      // The auth variable too, unless another library already set its own there.
      if (outcome.principal !== undefined) {
        const current: unknown = c.get("auth");
        if (current === undefined || isPrincipal(current)) c.set("auth", outcome.principal);
      }
      await next();
      return;
    }
    return refuse(outcome, onError, c);
  });
}
