import {
  type Keyward,
  type RequestAuthOptions,
  type RequestCredentials,
  resolveRequestAuth,
  validateRequestAuthOptions,
} from "@keyward/core";
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { KeywardEnv, OptionalKeywardEnv } from "./env";
import { toResponse } from "./respond";
import { validateKeyward } from "./validate-keyward";

/** Options of {@link apiKeyAuth}. */
export interface ApiKeyAuthOptions extends RequestAuthOptions {
  /**
   * Called with the underlying error when the store fails and the request is answered 503, so it
   * can be logged. The answer stays 503 whatever the hook does (or throws). The error never
   * contains a key.
   */
  readonly onError?: (error: unknown, c: Context) => void | Promise<void>;
}

const NO_VALUES: readonly string[] = Object.freeze([]);

/**
 * Reads every credential value of a request. Fetch `Headers` join repeated headers with ", ";
 * core splits them again and answers 400 when they disagree.
 */
function readCredentials(c: Context): RequestCredentials {
  const headers = c.req.raw.headers;
  const apiKey = headers.get("api-key");
  const authorization = headers.get("authorization");
  // Parsing the query costs more than the rest of the lookup; a URL without "?" has none.
  const queryKey = c.req.url.includes("?") ? (c.req.queries("api_key") ?? NO_VALUES) : NO_VALUES;
  return {
    apiKey: apiKey === null ? NO_VALUES : [apiKey],
    authorization: authorization === null ? NO_VALUES : [authorization],
    queryKey,
  };
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
  options?: ApiKeyAuthOptions,
): MiddlewareHandler<KeywardEnv> | MiddlewareHandler<OptionalKeywardEnv> {
  const instance = validateKeyward(keyward, "apiKeyAuth");
  const checked = validateRequestAuthOptions(options, "apiKeyAuth");
  const onError = options?.onError;
  if (onError !== undefined && typeof onError !== "function") {
    throw new TypeError("apiKeyAuth: onError must be a function");
  }
  // Copy only core's options, so later mutation of the caller's object changes nothing.
  const authOptions: RequestAuthOptions = {
    ...(checked.allowQueryKey === undefined ? {} : { allowQueryKey: checked.allowQueryKey }),
    ...(checked.optional === undefined ? {} : { optional: checked.optional }),
    ...(checked.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: checked.retryAfterSeconds }),
  };

  return createMiddleware<KeywardEnv>(async function keywardApiKeyAuth(c, next) {
    const outcome = await resolveRequestAuth(instance, readCredentials(c), authOptions);
    if (!outcome.ok) {
      if (outcome.error !== undefined && onError !== undefined) {
        try {
          await onError(outcome.error, c);
        } catch {
          // A failing log hook must not turn a 503 into a 500.
        }
      }
      // A Response, not a thrown HTTPException: an app-level `onError` cannot rewrite it, so the
      // answer stays byte-identical to the Express adapter's.
      return toResponse(outcome.answer);
    }
    if (outcome.principal !== undefined) c.set("auth", outcome.principal);
    await next();
  });
}
