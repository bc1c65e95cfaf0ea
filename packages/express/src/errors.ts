import type { AuthFailureDetail, HttpAnswer, HttpAnswerCode } from "@keyward/core";
import type { NextFunction, Request, Response } from "express";

/**
 * What `apiKeyAuth` and `requirePermission` refuse a request with, handed to `onError`: the status
 * and code, and keyward's ready answer (`headers`, `body`) that is sent when there is no `onError`.
 * Like express-jwt's errors it carries `status`, so `onError: (err, req, res, next) => next(err)`
 * hands it to the app's error handler.
 */
export class KeywardHttpError extends Error {
  /** The HTTP status: 400, 401, 403 or 503. */
  readonly status: number;
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
    super(answer.body === undefined ? answer.code : (JSON.parse(answer.body) as { error: string }).error, {
      cause,
    });
    this.name = "KeywardHttpError";
    this.status = answer.status;
    this.code = answer.code;
    this.answer = answer;
    this.reason = reason;
  }
}

/** Takes over refused requests: send your own answer, or call `next(err)`. */
export type KeywardErrorHandler = (
  err: KeywardHttpError,
  req: Request,
  res: Response,
  next: NextFunction,
) => void;

/**
 * Checks an `onError` option eagerly.
 * @param value - the option
 * @param where - the caller's name for error messages
 */
export function validateOnError(value: unknown, where: string): KeywardErrorHandler | undefined {
  if (value !== undefined && typeof value !== "function")
    throw new TypeError(`${where}: onError must be a function`);
  return value as KeywardErrorHandler | undefined;
}
