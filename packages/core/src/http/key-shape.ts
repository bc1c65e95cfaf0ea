/** Hex characters after a key's prefix. */
const SECRET_LENGTH = 40;

function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66);
}

/** Whether the three characters before `dash` spell `usr` or `api`, in any case. */
function hasKeyPrefix(value: string, dash: number): boolean {
  const a = value.charCodeAt(dash - 3) | 0x20;
  const b = value.charCodeAt(dash - 2) | 0x20;
  const c = value.charCodeAt(dash - 1) | 0x20;
  return (a === 0x75 && b === 0x73 && c === 0x72) || (a === 0x61 && b === 0x70 && c === 0x69);
}

/**
 * Whether `value` holds a whole keyward key anywhere in it: `USR-` or `API-` followed by 40 hex
 * characters, in any case and whatever surrounds it. Used to find keys sent where keyward does not
 * read them. A whole key, not a prefix: shorter `api-…` strings are common in ordinary headers
 * (host names, request ids), a 44-character key shape is not.
 *
 * Runs on every header of every request, so it finds candidates with `indexOf("-")` (fast in every
 * engine) and allocates nothing.
 * @param value - a header value, query parameter or path
 */
export function containsKeyShape(value: string): boolean {
  return nextKeyShape(value, 3) !== -1;
}

/** The position of the dash of the first whole key in `value` at or after `from`, or -1. */
function nextKeyShape(value: string, from: number): number {
  const last = value.length - SECRET_LENGTH - 1;
  for (
    let dash = value.indexOf("-", from);
    dash !== -1 && dash <= last;
    dash = value.indexOf("-", dash + 1)
  ) {
    if (!hasKeyPrefix(value, dash)) continue;
    let hex = 0;
    while (hex < SECRET_LENGTH && isHex(value.charCodeAt(dash + 1 + hex))) hex++;
    if (hex === SECRET_LENGTH) return dash;
  }
  return -1;
}

function pushKeyShapes(value: string, into: string[]): void {
  for (let dash = nextKeyShape(value, 3); dash !== -1; dash = nextKeyShape(value, dash + 1)) {
    into.push(value.slice(dash - 3, dash + 1 + SECRET_LENGTH));
  }
}

/** `%XX` sequences, decoded one level; anything malformed is left as it is (never throws). */
function percentDecodeOnce(value: string): string {
  return value.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * {@link containsKeyShape}, also after percent-decoding (up to three levels: `USR%2D…`,
 * `%55SR-…`, `USR%252D…`), so that a key in a path, a cookie or a header value cannot slip past by
 * being encoded while the app still receives it decoded.
 * @param value - a header value, a cookie, a path
 */
export function containsEncodedKeyShape(value: string): boolean {
  if (containsKeyShape(value)) return true;
  let current = value;
  for (let level = 0; level < 3 && current.indexOf("%") !== -1; level++) {
    const decoded = percentDecodeOnce(current);
    if (decoded === current) return false;
    if (containsKeyShape(decoded)) return true;
    current = decoded;
  }
  return false;
}

/**
 * Every whole key in `value`, as written and after each level of percent-decoding that
 * {@link containsEncodedKeyShape} looks through, appended to `into`.
 * @param value - a header value, a cookie, a path
 * @param into - where the keys go
 */
export function collectEncodedKeyShapes(value: string, into: string[]): void {
  pushKeyShapes(value, into);
  let current = value;
  for (let level = 0; level < 3 && current.indexOf("%") !== -1; level++) {
    const decoded = percentDecodeOnce(current);
    if (decoded === current) return;
    pushKeyShapes(decoded, into);
    current = decoded;
  }
}
