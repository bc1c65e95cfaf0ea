import type { IfMatch } from "../../key-etag";

// A header that is not a valid If-Match is a condition nothing meets (412), never one that is
// ignored: a client that sent a precondition must not have the change made unconditionally.
const NOTHING_MATCHES: readonly string[] = Object.freeze([]);

const isOws = (char: string | undefined): boolean => char === " " || char === "\t";

// etagc = %x21 / %x23-7E / obs-text: visible characters but DQUOTE, and octets 0x80-0xFF.
const isEtagc = (code: number): boolean =>
  code === 0x21 || (code >= 0x23 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);

/**
 * Reads an `If-Match` header (RFC 9110 §13.1.1) into the precondition `keys.refresh` and
 * `keys.revoke` take: `"*"`, or the list of strong tags it names. Weak tags (`W/"…"`) are dropped,
 * since `If-Match` compares strongly and a weak tag never matches; a malformed header gives the
 * empty list, which nothing matches. Repeated headers arrive joined by `, ` from both Node and
 * Fetch, which is the same list.
 * @param header - the raw header value, or `undefined` when the request has none
 * @example
 * ```ts
 * parseIfMatch('"a1", W/"b2"'); // ['"a1"']
 * parseIfMatch("*");            // "*"
 * parseIfMatch(undefined);      // undefined: no precondition
 * ```
 */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  let start = 0;
  let end = header.length;
  while (isOws(header[start])) start++;
  while (end > start && isOws(header[end - 1])) end--;
  if (end - start === 1 && header[start] === "*") return "*";
  const tags: string[] = [];
  let i = start;
  while (i < end) {
    // Empty list elements (", ,") are allowed and skipped.
    if (header[i] === "," || isOws(header[i])) {
      i++;
      continue;
    }
    const weak = header.startsWith("W/", i);
    if (weak) i += 2;
    if (header[i] !== '"') return NOTHING_MATCHES;
    const close = header.indexOf('"', i + 1);
    if (close === -1 || close >= end) return NOTHING_MATCHES;
    for (let c = i + 1; c < close; c++) {
      if (!isEtagc(header.charCodeAt(c))) return NOTHING_MATCHES;
    }
    if (!weak) tags.push(header.slice(i, close + 1));
    i = close + 1;
    while (isOws(header[i])) i++;
    if (i < end && header[i] !== ",") return NOTHING_MATCHES;
  }
  return tags;
}
