import type { AuthFailureDetail, HttpAnswer, HttpAnswerCode } from "@keyward/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { toResponse } from "./respond";

// Whatever status type the installed Hono's HTTPException takes (it narrowed in 4.7).
type ExceptionStatus = ConstructorParameters<typeof HTTPException>[0];

/**
 * What `apiKeyAuth` and `requirePermission` refuse a request with, handed to `onError`. It is a
 * Hono `HTTPException` whose `getResponse()` is keyward's ready answer, so `onError: (err) => {
 * throw err; }` hands it to `app.onError`, and Hono's default error handler still sends the exact
 * answer the Express adapter sends.
 *
 * @example
 * ```ts
 * app.onError((err, c) => {
 *   if (err instanceof KeywardHttpError) log.warn(err.code);
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
      message: answer.body === undefined ? answer.code : (JSON.parse(answer.body) as { error: string }).error,
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

/**
 * Checks an `onError` option eagerly.
 * @param value - the option
 * @param where - the caller's name for error messages
 */
export function validateOnError(value: unknown, where: string): KeywardErrorHandler | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new TypeError(`${where}: onError must be a function`);
  }
  return value as KeywardErrorHandler | undefined;
}
