import { authenticateAwaitable } from "../adapter-access";
import type { AuthResult } from "../authenticate";
import type { AuthFailureDetail } from "../events/types";
import { isThenable } from "../flow";
import type { Keyward } from "../keyward";
import type { Principal } from "../principal";
import type { Awaitable } from "../store";
import {
  AUTHENTICATION_FAILED,
  AUTHENTICATION_REQUIRED,
  DEFAULT_RETRY_AFTER_SECONDS,
  type HttpAnswer,
  serviceUnavailable,
} from "./answers";
import { type CredentialSources, compileCredentialSources } from "./credential-sources";
import { type ExtractOptions, extractCredential, type RequestCredentials } from "./credentials";

/** Options of {@link resolveRequestAuth}; the adapters' `apiKeyAuth` options extend these. */
export interface RequestAuthOptions extends Omit<ExtractOptions, "sources"> {
  /**
   * Where keys are read: header names (any case) whose whole value is a key, and `authorization`
   * for `Authorization: Bearer <key>`. Default: `["api-key", "authorization"]`. Add `x-api-key`
   * for clients that already send it there. A key in any header not named here is still a 400 that
   * says where keys go, never a request without a key.
   */
  readonly headers?: readonly string[];
  /**
   * Let requests without a key through with no principal when no public role is set, instead of
   * answering 401. A key that is sent and fails still gets 401: a bad key never becomes anonymous.
   * Default: false.
   */
  readonly optional?: boolean;
  /** `Retry-After` of the 503 answer, in seconds. Default: 1. */
  readonly retryAfterSeconds?: number;
}

/**
 * The outcome of {@link resolveRequestAuth}: go on (with a principal, or none when `optional` let an
 * anonymous request through), or send `answer`. `error` holds what made a 503, for logging.
 */
export type RequestAuthOutcome =
  | { readonly ok: true; readonly principal: Principal | undefined }
  | {
      readonly ok: false;
      readonly answer: HttpAnswer;
      readonly error?: unknown;
      /** Why the key failed, for the app's logs (never sent): see `AuthFailureDetail`. */
      readonly detail?: AuthFailureDetail;
    };

const ANONYMOUS: RequestAuthOutcome = Object.freeze({ ok: true, principal: undefined });
const REQUIRED: RequestAuthOutcome = Object.freeze({ ok: false, answer: AUTHENTICATION_REQUIRED });
/** One frozen outcome per detail: failures allocate nothing either. */
const FAILED = new Map<AuthFailureDetail | undefined, RequestAuthOutcome>();
function failed(detail: AuthFailureDetail | undefined): RequestAuthOutcome {
  let outcome = FAILED.get(detail);
  if (outcome === undefined) {
    outcome = Object.freeze(
      detail === undefined
        ? { ok: false as const, answer: AUTHENTICATION_FAILED }
        : { ok: false as const, answer: AUTHENTICATION_FAILED, detail },
    );
    FAILED.set(detail, outcome);
  }
  return outcome;
}

/** {@link RequestAuthOptions} once checked: what {@link resolveRequestAuth} runs with. */
export interface CheckedRequestAuthOptions extends RequestAuthOptions {
  /** Where keys are read, compiled from `headers` (and whether the app reads keys itself). */
  readonly sources: CredentialSources;
}

/**
 * Checks options once, when a middleware is created, so that a typo fails at start-up, and
 * compiles where keys are read. An adapter's own `getKey` option is checked to be a function here
 * too, and makes the readers keep the keys they find elsewhere (the one `getKey` read is not
 * misplaced).
 * @param options - the options to check
 * @param where - the caller's name for error messages
 */
export function validateRequestAuthOptions(options: unknown, where: string): CheckedRequestAuthOptions {
  if (options === undefined) return { sources: compileCredentialSources(undefined, false, where) };
  if (typeof options !== "object" || options === null)
    throw new TypeError(`${where}: options must be an object`);
  const { allowQueryKey, optional, retryAfterSeconds, headers, getKey } = options as Record<string, unknown>;
  if (getKey !== undefined && typeof getKey !== "function") {
    throw new TypeError(`${where}: getKey must be a function`);
  }
  for (const [name, value] of [
    ["allowQueryKey", allowQueryKey],
    ["optional", optional],
  ] as const) {
    if (value !== undefined && typeof value !== "boolean")
      throw new TypeError(`${where}: ${name} must be a boolean`);
  }
  if (
    retryAfterSeconds !== undefined &&
    (typeof retryAfterSeconds !== "number" || !Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0)
  ) {
    throw new TypeError(`${where}: retryAfterSeconds must be a non-negative integer`);
  }
  return {
    ...(options as RequestAuthOptions),
    sources: compileCredentialSources(headers, getKey !== undefined, where),
  };
}

/**
 * Checks what an app's `getKey(request)` returned and adds it to the request's credentials: a
 * string is a key (an empty or malformed one fails authentication, it is never "no key"),
 * `null`/`undefined` means it found none. Anything else is a bug in the app, thrown as a TypeError.
 * @param credentials - what the readers found
 * @param appKey - what `getKey` returned (awaited)
 */
export function withAppKey(credentials: RequestCredentials, appKey: unknown): RequestCredentials {
  if (appKey === undefined || appKey === null) return credentials;
  if (typeof appKey !== "string") {
    throw new TypeError(`getKey must return a string, null or undefined, not ${typeof appKey}`);
  }
  return { ...credentials, appKey };
}

function toOutcome(result: AuthResult, optional: boolean | undefined): RequestAuthOutcome {
  if (result.ok) return { ok: true, principal: result.principal };
  if (result.reason === "missing") return optional === true ? ANONYMOUS : REQUIRED;
  return failed(result.detail);
}

/**
 * Authenticates one request from its raw credentials and says what to do with it: continue with a
 * principal, or send a ready answer (400 conflict or query key, 401, 503). Never fails: a store
 * failure, or anything unexpected from `authenticate`, is a 503 and never 401 nor public access.
 *
 * Answers synchronously when authentication does (see `authenticateAwaitable`), so an
 * adapter can call the next handler in the same tick; check with `instanceof Promise` or `then`.
 *
 * @param keyward - the instance
 * @param credentials - every credential value of the request
 * @param options - query key, optional authentication, `Retry-After`
 * @example
 * ```ts
 * const pending = resolveRequestAuth(keyward, { apiKey, authorization, queryKey }, {});
 * const outcome = pending instanceof Promise ? await pending : pending;
 * if (!outcome.ok) return send(outcome.answer);
 * request.auth = outcome.principal;
 * ```
 */
export function resolveRequestAuth(
  keyward: Keyward,
  credentials: RequestCredentials,
  options: RequestAuthOptions & Pick<ExtractOptions, "sources"> = {},
): Awaitable<RequestAuthOutcome> {
  const found = extractCredential(credentials, options);
  if (found.kind === "answer") return { ok: false, answer: found.answer };
  let result: Awaitable<AuthResult>;
  try {
    result = authenticateAwaitable(keyward, found.kind === "key" ? found.key : null);
  } catch (error) {
    return unavailable(error, options);
  }
  // No closure on the synchronous path: this runs on every request.
  if (!isThenable(result)) return toOutcome(result, options.optional);
  return result.then(
    (settled) => toOutcome(settled, options.optional),
    (error: unknown) => unavailable(error, options),
  );
}

function unavailable(error: unknown, options: RequestAuthOptions): RequestAuthOutcome {
  return {
    ok: false,
    answer: serviceUnavailable(options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS),
    error,
    detail: "store_unavailable",
  };
}
