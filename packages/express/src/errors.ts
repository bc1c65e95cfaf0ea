import type { AuthFailureDetail } from "@keyward/core";
import {
  type HttpAnswer,
  type HttpAnswerCode,
  type OnErrorOption,
  type Refusal,
  refusalMessage,
  validateOnErrorOption,
} from "@keyward/core/adapter";
import type { NextFunction, Request, Response } from "express";
import { sendAnswer } from "./send-answer";

/**
 * What `apiKeyAuth` and `requirePermission` refuse a request with, handed to `onError` or, with
 * `onError: "throw"`, to the app's error middleware. Like express-jwt's errors it carries `status`
 * (and `headers` and `expose`, which Express's default error handler honours), so an app without
 * an error handler still answers 401 with its `WWW-Authenticate` challenge; `err.send(res)` sends
 * keyward's exact answer.
 */
export class KeywardHttpError extends Error {
  /** The HTTP status: 400, 401, 403, 404 or 503. */
  readonly status: number;
  /** Same as {@link KeywardHttpError.status}, for error handlers that read `statusCode`. */
  readonly statusCode: number;
  /** The stable name of the outcome, e.g. `authentication_failed`. */
  readonly code: HttpAnswerCode;
  /** The answer keyward would send. */
  readonly answer: HttpAnswer;
  /** Headers of the answer other than its body's type (`WWW-Authenticate`, `Retry-After`, …). */
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the message may be shown to the client: true for 4xx, false for 503. */
  readonly expose: boolean;
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
    super(refusalMessage(answer), { cause });
    this.name = "KeywardHttpError";
    this.status = answer.status;
    this.statusCode = answer.status;
    this.code = answer.code;
    this.answer = answer;
    const { "content-type": _type, ...headers } = answer.headers;
    this.headers = headers;
    this.expose = answer.status < 500;
    this.reason = reason;
  }

  /**
   * Sends keyward's answer, byte for byte (status, headers, JSON body), from an error handler.
   * @param res - the response
   */
  send(res: Response): void {
    sendAnswer(res, this.answer);
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
 * An `onError` option: a {@link KeywardErrorHandler}, or `"throw"` to pass every refusal to
 * `next(err)`, i.e. the app's error middleware.
 */
export type KeywardErrorHandling = OnErrorOption<KeywardErrorHandler>;

/**
 * Sends keyward's answer, or hands the refusal to the app as its `onError` says. The error object
 * is built only when the app asks for one: a flood of bad keys allocates nothing more.
 * @param refusal - what core decided
 * @param onError - the handling in force: the guard's own, else its `apiKeyAuth`'s
 */
export function refuse(
  refusal: Refusal,
  onError: KeywardErrorHandling | undefined,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (onError === undefined) {
    sendAnswer(res, refusal.answer);
    return;
  }
  const error = new KeywardHttpError(refusal.answer, refusal.error, refusal.detail);
  if (onError === "throw") {
    next(error);
    return;
  }
  try {
    onError(error, req, res, next);
  } catch (thrown) {
    next(thrown);
  }
}

/**
 * Checks an `onError` option eagerly.
 * @param value - the option
 * @param where - the caller's name for error messages
 */
export const validateOnError = (value: unknown, where: string): KeywardErrorHandling | undefined =>
  validateOnErrorOption<KeywardErrorHandler>(value, where);
