const FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A date from the API (ISO-8601) for people, in their locale and time zone. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : FORMAT.format(date);
}

/** A `datetime-local` input's value (local time, no zone) as ISO-8601 with a zone, or `null`. */
export function localInputToIso(value: string): string | null {
  if (value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A message for a failed action: the API's own words when it gave some. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
