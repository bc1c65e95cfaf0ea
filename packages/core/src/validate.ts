import { KeywardError } from "./errors";
import { quoteInput } from "./redact";

// Ids travel in URLs, CLI arguments and log lines: keep them to a conservative, printable alphabet.
const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,127}$/;
/**
 * Key material anywhere in a value, in any case: `USR-` or `API-` and 8 hex characters (a display
 * hint's worth). Anywhere, not only at the start: `xUSR-…` or `"USR-…` is a pasted key too.
 */
const KEY_LIKE = /(?:usr|api)-[0-9a-f]{8}/i;

function invalid(message: string): KeywardError {
  return new KeywardError("INVALID_ARGUMENT", message);
}

/**
 * Requires an id: 1-128 characters of letters, digits and `_ . : @ + -`, not starting with a sign.
 * @param field - the field name for the error message
 * @param value - the input
 */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== "string") throw invalid(`${field} must be a string`);
  // An operator who pastes a key where its id belongs must not see it echoed into an answer or a
  // log line; ids never look like keys, so refusing them costs nothing.
  if (KEY_LIKE.test(value)) {
    throw invalid(`${field} looks like an API key, not an id; keys are never accepted or echoed here`);
  }
  if (!ID_PATTERN.test(value)) {
    throw invalid(`${field} must be 1-128 letters, digits or _ . : @ + - (got ${quoteInput(value)})`);
  }
  return value;
}

/**
 * Requires a display name: a string of 1-200 characters without control characters.
 * @param field - the field name for the error message
 * @param value - the input
 */
export function requireName(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0 || value.length > 200) {
    throw invalid(`${field} must be a non-empty string of at most 200 characters`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(`${field} must not contain control characters`);
  return value;
}

/**
 * Requires a boolean.
 * @param field - the field name for the error message
 * @param value - the input
 */
export function requireBoolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw invalid(`${field} must be true or false`);
  return value;
}

/**
 * Requires a valid `Date` strictly after `now`.
 * @param field - the field name for the error message
 * @param value - the input
 * @param now - the current time
 */
export function requireFutureDate(field: string, value: unknown, now: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalid(`${field} must be a valid Date`);
  if (value.getTime() <= now.getTime()) throw invalid(`${field} must be in the future`);
  return new Date(value.getTime());
}

/**
 * Requires a plain object, for inputs of the public API.
 * @param field - the argument name for the error message
 * @param value - the input
 */
export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid(`${field} must be an object`);
  return value as Record<string, unknown>;
}
