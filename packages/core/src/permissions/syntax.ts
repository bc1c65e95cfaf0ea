import { KeywardError } from "../errors";

// The limits below bound the work a list can cause, whoever wrote it: compiling costs a pass over
// its characters, and a check of a name no rule names exactly walks at most
// MAX_WILDCARD_PATTERNS × MAX_PATTERN_SEGMENTS trie nodes. Exact names cost one `Map` entry each,
// so they get the larger budget.

/** Longest pattern accepted in a role or key scope, in characters (the `!` of a deny included). */
export const MAX_PATTERN_LENGTH = 256;
/**
 * Most segments one pattern may have, `*` and a trailing `**` included (`content/*\/read` has 3).
 * Bounds how deep a check walks.
 */
export const MAX_PATTERN_SEGMENTS = 16;
/** Most patterns one role or key scope may hold, exact names and wildcards together. */
export const MAX_PATTERNS = 1000;
/**
 * Most wildcard patterns (with a `*` or `**` segment; allows and denies together) one role or key
 * scope may hold. Together with {@link MAX_PATTERN_SEGMENTS} it bounds what a check of a name that
 * no rule names exactly can cost.
 */
export const MAX_WILDCARD_PATTERNS = 64;
/**
 * Longest permission name `can()` considers. A trailing `**` makes names longer than any pattern
 * matchable, but an unbounded name is only ever an attack: anything longer is denied.
 */
export const MAX_NAME_LENGTH = 1024;

const STAR = 0x2a;
/**
 * A well-formed name, as one precompiled expression (faster than a loop in JS). The segment class
 * excludes `/`, so it cannot backtrack: it runs in linear time on any input.
 */
const NAME = /^(?!\.\.?(?:\/|$))[A-Za-z0-9_.:-]+(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9_.:-]+)*$/;

/**
 * Characters allowed in a segment: ASCII letters, digits and `_ - . :`. Everything else (spaces,
 * Unicode look-alikes, zero-width characters, `%`, `?`) is refused, so two names that look alike are
 * never two different permissions.
 */
const SEGMENT_CHAR: Uint8Array = (() => {
  const table = new Uint8Array(128);
  const allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:";
  for (let i = 0; i < allowed.length; i++) table[allowed.charCodeAt(i)] = 1;
  return table;
})();

/**
 * Whether `name` is a well-formed permission name: 1-1024 characters, `/`-separated non-empty
 * segments of letters, digits and `_ - . :`. Names that are not well formed are never allowed,
 * not even to the super role. Never throws.
 * @param name - a candidate permission name
 * @example
 * ```ts
 * isPermissionName("content/posts/read"); // true
 * isPermissionName("content//read");      // false: empty segment
 * isPermissionName("content/*\/read");     // false: `*` belongs to patterns, not names
 * ```
 */
export function isPermissionName(name: unknown): name is string {
  return typeof name === "string" && name.length <= MAX_NAME_LENGTH && NAME.test(name);
}

/**
 * Whether `name[start..end)` is `.` or `..`. They are refused as segments: a permission built from a
 * URL parameter (`content/${model}/read`) must not read like a path that an app later normalises
 * into another name than the one that was checked.
 * @param name - a string
 * @param start - first offset of the segment
 * @param end - offset just past it
 */
function isDotSegment(name: string, start: number, end: number): boolean {
  const length = end - start;
  return (
    (length === 1 || length === 2) &&
    name.charCodeAt(start) === 0x2e &&
    (length === 1 || name.charCodeAt(start + 1) === 0x2e)
  );
}

/**
 * Checks a name and finds where its first segments end, so that a trie walk never looks at a
 * character again. Accepts exactly what {@link isPermissionName} accepts, with the same expression
 * (about three times faster than a loop over the characters on long names); `indexOf` then finds
 * each `/` natively, and stops once `ends` is full.
 * @param name - a candidate permission name
 * @param ends - receives the offset just past each of the first `ends.length` segments
 * @returns how many segments the name has, capped at `ends.length + 1` (more than `ends` holds), or
 *   `-1` when it is not a well-formed name
 */
export function scanName(name: unknown, ends: Int32Array): number {
  if (!isPermissionName(name)) return -1;
  let start = 0;
  for (let count = 0; count < ends.length; count++) {
    const slash = name.indexOf("/", start);
    if (slash === -1) {
      ends[count] = name.length;
      return count + 1;
    }
    ends[count] = slash;
    start = slash + 1;
  }
  return ends.length + 1;
}

/** A pattern taken apart: whether it denies, and its segments (`*`, `**` or a literal). */
export interface ParsedPattern {
  readonly deny: boolean;
  readonly segments: readonly string[];
  /** No `*` or `**`: the pattern names exactly one permission. */
  readonly exact: boolean;
}

/**
 * Parses one pattern, or says why it is invalid.
 * @param pattern - a pattern as written in a role
 * @returns the parsed pattern, or a short reason string
 */
export function parsePattern(pattern: unknown): ParsedPattern | string {
  if (typeof pattern !== "string") return "not a string";
  if (pattern.length === 0) return "empty";
  if (pattern.length > MAX_PATTERN_LENGTH)
    return `${pattern.length} characters; at most ${MAX_PATTERN_LENGTH} are allowed in a pattern`;
  const deny = pattern.charCodeAt(0) === 0x21; // "!"
  const body = deny ? pattern.slice(1) : pattern;
  if (body.length === 0) return "nothing after `!`";
  const segments = body.split("/");
  if (segments.length > MAX_PATTERN_SEGMENTS)
    return `${segments.length} segments; at most ${MAX_PATTERN_SEGMENTS} are allowed in a pattern`;
  let exact = true;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s] as string;
    if (segment.length === 0) return "empty segment";
    if (segment === "*") {
      exact = false;
      continue;
    }
    if (segment === "**") {
      if (s !== segments.length - 1) return "`**` is allowed only as the last segment";
      exact = false;
      continue;
    }
    if (isDotSegment(segment, 0, segment.length)) return "`.` and `..` are not segments";
    for (let i = 0; i < segment.length; i++) {
      const code = segment.charCodeAt(i);
      if (code === STAR) return "`*` must be a whole segment (`*` or a trailing `**`)";
      if (code >= 128 || SEGMENT_CHAR[code] !== 1) {
        return `unknown character ${JSON.stringify(segment[i])} (allowed: letters, digits, _ - . : and /)`;
      }
    }
  }
  return { deny, segments, exact };
}

/** Looks like key material: hex after a key's prefix, or a long hex run (a pasted secret or hash). */
const KEY_LIKE = /((?:USR|API)-)[0-9a-f]+|[0-9a-f]{16,}/gi;

/**
 * A pattern as an error message may show it: at most 80 characters, anything key-like masked, so a
 * key pasted into the wrong field never reaches a response body or a log.
 * @param pattern - the offending entry
 */
function shownPattern(pattern: unknown): string {
  if (typeof pattern !== "string") return typeof pattern;
  return JSON.stringify(pattern.slice(0, 80).replace(KEY_LIKE, (_, prefix = "") => `${prefix}…`));
}

/**
 * Checks a role's or key's pattern list. Throws `INVALID_ARGUMENT` naming the first bad pattern and
 * why it is bad, or the limit a list exceeds and its value, so a mistake fails when the role is
 * saved rather than silently granting nothing.
 *
 * Grammar: optional leading `!` (deny), then `/`-separated non-empty segments; a segment is `*`
 * (exactly one segment), `**` (one or more remaining segments, last segment only) or letters,
 * digits and `_ - . :`. Limits: {@link MAX_PATTERNS} patterns, of which at most
 * {@link MAX_WILDCARD_PATTERNS} hold a `*` or `**`; each pattern at most {@link MAX_PATTERN_LENGTH}
 * characters and {@link MAX_PATTERN_SEGMENTS} segments.
 * @param patterns - the patterns of a role or a key scope
 * @param field - the field name to put in the error message
 * @example
 * ```ts
 * validatePermissionPatterns(["content/*\/read", "!content/secret/**"]); // ok
 * validatePermissionPatterns(["content/**\/read"]); // throws INVALID_ARGUMENT
 * ```
 */
export function validatePermissionPatterns(patterns: unknown, field = "permissions"): readonly string[] {
  if (!Array.isArray(patterns))
    throw new KeywardError("INVALID_ARGUMENT", `${field} must be an array of strings`);
  // Counted before anything is parsed: an oversized list costs no more than its length.
  if (patterns.length > MAX_PATTERNS) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      `${field} holds ${patterns.length} patterns; at most ${MAX_PATTERNS} are allowed`,
    );
  }
  let wildcards = 0;
  for (let i = 0; i < patterns.length; i++) {
    const pattern: unknown = patterns[i];
    const parsed = parsePattern(pattern);
    if (typeof parsed === "string") {
      throw new KeywardError(
        "INVALID_ARGUMENT",
        `${field} contains an invalid pattern at index ${i} (${shownPattern(pattern)}): ${parsed}`,
      );
    }
    if (!parsed.exact) wildcards++;
  }
  if (wildcards > MAX_WILDCARD_PATTERNS) {
    throw new KeywardError(
      "INVALID_ARGUMENT",
      `${field} holds ${wildcards} wildcard patterns (with * or **); at most ${MAX_WILDCARD_PATTERNS} are allowed`,
    );
  }
  return patterns as readonly string[];
}
