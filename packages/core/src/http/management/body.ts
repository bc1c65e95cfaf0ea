import { KeywardError } from "../../errors";
import { quoteInput } from "../../redact";

function invalid(message: string): KeywardError {
  return new KeywardError("INVALID_ARGUMENT", message);
}

/**
 * Requires the body to be a JSON object holding only the fields listed, so that a typo (`userid`)
 * is a 400 naming the field rather than silently ignored.
 * @param body - the parsed body
 * @param allowed - the accepted field names
 */
export function requireBodyObject(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid("The request body must be a JSON object");
  }
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field)) {
      throw invalid(`Unknown field ${quoteInput(field)}; expected ${allowed.join(", ")}`);
    }
  }
  return body as Record<string, unknown>;
}

// Date and time with a zone, as JSON.stringify and toISOString write them; no bare dates, no local times.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads an ISO-8601 date-time string (with a zone) into a `Date`.
 * @param field - the field name for the error message
 * @param value - the input
 */
export function requireIsoDate(field: string, value: unknown): Date {
  if (typeof value !== "string" || !ISO_DATE_TIME.test(value)) {
    throw invalid(`${field} must be an ISO-8601 date-time string with a zone, e.g. 2030-01-01T00:00:00Z`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`${field} is not a valid date`);
  return date;
}

/**
 * Requires a field to equal the id in the path when it is present in the body.
 * @param body - the body object
 * @param field - the field
 * @param fromPath - the value from the URL
 */
export function requireSameId(body: Record<string, unknown>, field: string, fromPath: string): void {
  if (body[field] !== undefined && body[field] !== fromPath) {
    throw invalid(`${field} in the body must match the URL (${quoteInput(fromPath)}) or be left out`);
  }
}
