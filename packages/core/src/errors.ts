import { redactKeys } from "./redact";

/**
 * The stable codes a {@link KeywardError} can carry. Match on `code`, never on `message`.
 *
 * - `STORE_UNAVAILABLE`: the store failed or did not answer within `storeTimeoutMs`.
 * - `NOT_FOUND`: the key, role or user named does not exist.
 * - `CONFLICT`: the change lost a race (a concurrent refresh won) or collides with existing data.
 * - `INVALID_ARGUMENT`: the input is malformed; the message names the field.
 * - `PRECONDITION_FAILED`: an `ifMatch` precondition no longer holds: the key was refreshed or
 *   revoked since its `etag` was read. Read it again before deciding.
 */
export type KeywardErrorCode =
  | "STORE_UNAVAILABLE"
  | "NOT_FOUND"
  | "CONFLICT"
  | "INVALID_ARGUMENT"
  | "PRECONDITION_FAILED";

/**
 * The one error class keyward throws. Expected outcomes (a wrong key, a missing permission) are
 * results, not errors; a `KeywardError` means the call could not do what it was asked.
 *
 * Messages never contain key material: neither a plaintext key nor its hash. Anything shaped like
 * a key (`USR-`/`API-` and 8 or more hex characters, wherever it starts) is redacted on the way in.
 *
 * @example
 * ```ts
 * try {
 *   await keyward.keys.refresh(id);
 * } catch (error) {
 *   if (error instanceof KeywardError && error.code === "CONFLICT") retryLater();
 *   else throw error;
 * }
 * ```
 */
export class KeywardError extends Error {
  /** A stable, machine-readable code. */
  readonly code: KeywardErrorCode;

  /**
   * @param code - the stable code
   * @param message - a human-readable explanation that names the field or object at fault
   * @param options - `cause`: the underlying error, kept for operators (never shown to HTTP clients)
   */
  constructor(code: KeywardErrorCode, message: string, options?: { cause?: unknown }) {
    super(redactKeys(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KeywardError";
    this.code = code;
  }
}

/**
 * Tells whether a value is a {@link KeywardError}, optionally with a given code. Works across
 * duplicated copies of the package, where `instanceof` would not.
 * @param value - anything caught
 * @param code - the code to require, if any
 */
export function isKeywardError(value: unknown, code?: KeywardErrorCode): value is KeywardError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  return candidate.name === "KeywardError" && (code === undefined || candidate.code === code);
}
