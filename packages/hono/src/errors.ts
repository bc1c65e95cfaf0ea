import type { AuthFailureDetail } from "@keyward/core";
import {
  type HttpAnswer,
  type HttpAnswerCode,
  type OnErrorOption,
  type Refusal,
  refusalMessage,
  validateOnErrorOption,
} from "@keyward/core/adapter";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { toResponse } from "./respond";

// Whatever status type the installed Hono's HTTPException takes (it narrowed in 4.7).
type ExceptionStatus = ConstructorParameters<typeof HTTPException>[0];

/**
 * What `apiKeyAuth` and `requirePermission` refuse a request with, handed to `onError` or, with
 * `onError: "throw"`, to `app.onError`. It is a Hono `HTTPException` whose `getResponse()` is
 * keyward's ready answer, so Hono's default error handler still sends the exact answer the Express
 * adapter sends.
 *
 * @example
 * ```ts
 * app.use("/api/*", apiKeyAuth(keyward, { onError: "throw" }));
 * app.onError((err, c) => {
 *   if (err instanceof KeywardHttpError) log.warn(err.code, err.reason);
 *   return err instanceof HTTPException ? err.getResponse() : c.text("Internal error", 500);
 * });
 * ```
 */
export class KeywardHttpError extends HTTPException {
  /** The stable name of the outcome, e.g. `authentication_failed`. */
  readonly code: HttpAnswerCode;
  /** The answer keyward would send. */
  readonly answer: HttpAnswer;
  /**
   * Why a key failed (`revoked`, `expired`, `unknown`, …, `store_unavailable`), for logs and
   * metrics; the answer itself is the same for all of them. `undefined` for other refusals.
   */
  readonly reason: AuthFailureDetail | undefined;

  /**
   * @param answer - the answer from core
   * @param cause - what made a 503 (a `KeywardError`), for operators; never shown to clients
   * @param reason - why the key failed, when it did
   */
  constructor(answer: HttpAnswer, cause?: unknown, reason?: AuthFailureDetail) {
    super(answer.status as ExceptionStatus, {
      message: refusalMessage(answer),
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = "KeywardHttpError";
    this.code = answer.code;
    this.answer = answer;
    this.reason = reason;
  }

  /** keyward's answer, byte for byte; a new `Response` on each call. */
  override getResponse(): Response {
    return toResponse(this.answer);
  }
}

/**
 * Takes over a refused request: return your own `Response`, or throw (e.g. the error itself) to
 * hand it to `app.onError`.
 */
export type KeywardErrorHandler = (err: KeywardHttpError, c: Context) => Response | Promise<Response>;

/** An `onError` option: a {@link KeywardErrorHandler}, or `"throw"` to hand every refusal to `app.onError`. */
export type KeywardErrorHandling = OnErrorOption<KeywardErrorHandler>;

/**
 * The answer to a refused request, as its `onError` says: keyward's own, the handler's, or (with
 * `"throw"`) the error thrown on to `app.onError`. The error object is built only when asked for.
 * A returned `Response`, not a thrown exception, by default: an app-level `onError` cannot rewrite
 * it, so the answer stays byte-identical to the Express adapter's unless the app asks otherwise.
 * @param refusal - what core decided
 * @param onError - the handling in force: the guard's own, else its `apiKeyAuth`'s
 * @param c - the context
 */
export function refuse(
  refusal: Refusal,
  onError: KeywardErrorHandling | undefined,
  c: Context,
): Response | Promise<Response> {
  if (onError === undefined) return toResponse(refusal.answer);
  const error = new KeywardHttpError(refusal.answer, refusal.error, refusal.detail);
  if (onError === "throw") throw error;
  return onError(error, c);
}

/**
 * Checks an `onError` option eagerly.
 * @param value - the option
 * @param where - the caller's name for error messages
 */
export const validateOnError = (value: unknown, where: string): KeywardErrorHandling | undefined =>
  validateOnErrorOption<KeywardErrorHandler>(value, where);
