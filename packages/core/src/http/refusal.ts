import type { AuthFailureDetail } from "../events/types";
import type { HttpAnswer } from "./answers";

/**
 * An adapter's `onError` option: a function that takes over refused requests, or `"throw"` to hand
 * every refusal to the framework's own error handling (Express's error middleware, Hono's
 * `app.onError`).
 */
export type OnErrorOption<Handler> = Handler | "throw";

/**
 * Checks an `onError` option when a middleware is created.
 * @param value - the option
 * @param where - the caller's name for error messages
 * @returns the handler, `"throw"`, or `undefined` (send keyward's answer)
 */
export function validateOnErrorOption<Handler extends (...args: never[]) => unknown>(
  value: unknown,
  where: string,
): OnErrorOption<Handler> | undefined {
  if (value === undefined || value === "throw" || typeof value === "function") {
    return value as OnErrorOption<Handler> | undefined;
  }
  throw new TypeError(`${where}: onError must be a function or "throw"`);
}

/**
 * A refusal as core decided it, whatever decided it (authentication or a guard): the answer to send,
 * and for a failed key why it failed and what made a 503.
 */
export interface Refusal {
  readonly answer: HttpAnswer;
  /** What made a 503 (a `KeywardError`), for operators; never shown to clients. */
  readonly error?: unknown;
  /** Why the key failed, for logs and metrics; never sent. */
  readonly detail?: AuthFailureDetail;
}

/**
 * The message of the error an adapter raises for a refused request: the answer's `error` text
 * (`"Authentication failed"`), or its code when it has no body. Never anything from the request.
 * @param answer - the answer keyward would send
 */
export function refusalMessage(answer: HttpAnswer): string {
  if (answer.body === undefined) return answer.code;
  const parsed = JSON.parse(answer.body) as { error?: unknown };
  return typeof parsed.error === "string" ? parsed.error : answer.code;
}
