import { KeywardError } from "../errors";

/** Longest pattern accepted in a role or key scope, in characters. */
export const MAX_PATTERN_LENGTH = 256;
/** Most patterns one role or key scope may hold; keeps compiling a role cheap and bounded. */
export const MAX_PATTERNS = 10_000;
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
 * Whether `name[start..end)` is one well-formed segment. Lets a trie walk check only the segments a
 * `*` consumed (literal edges are well formed by construction) instead of the whole name.
 * @param name - a string
 * @param start - first offset of the segment
 * @param end - offset just past it
 */
export function isSegmentAt(name: string, start: number, end: number): boolean {
  if (end <= start || isDotSegment(name, start, end)) return false;
  for (let i = start; i < end; i++) {
    const code = name.charCodeAt(i);
    if (code >= 128 || SEGMENT_CHAR[code] !== 1) return false;
  }
  return true;
}

/**
 * Whether `name` from `start` on is one or more well-formed segments, as a trailing `**` consumes.
 * @param name - a string
 * @param start - offset of the first segment
 */
export function isNameTailAt(name: string, start: number): boolean {
  let segmentStart = start;
  for (let i = start; i <= name.length; i++) {
    if (i === name.length || name.charCodeAt(i) === 0x2f) {
      if (!isSegmentAt(name, segmentStart, i)) return false;
      segmentStart = i + 1;
    }
  }
  return true;
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
  if (pattern.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  const deny = pattern.charCodeAt(0) === 0x21; // "!"
  const body = deny ? pattern.slice(1) : pattern;
  if (body.length === 0) return "nothing after `!`";
  const segments = body.split("/");
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

/**
 * Checks a role's or key's pattern list. Throws `INVALID_ARGUMENT` naming the first bad pattern and
 * why it is bad, so a mistake fails when the role is saved rather than silently granting nothing.
 *
 * Grammar: optional leading `!` (deny), then `/`-separated non-empty segments; a segment is `*`
 * (exactly one segment), `**` (one or more remaining segments, last segment only) or letters,
 * digits and `_ - . :`.
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
  if (patterns.length > MAX_PATTERNS)
    throw new KeywardError("INVALID_ARGUMENT", `${field} must hold at most ${MAX_PATTERNS} patterns`);
  for (let i = 0; i < patterns.length; i++) {
    const pattern: unknown = patterns[i];
    const parsed = parsePattern(pattern);
    if (typeof parsed === "string") {
      const shown = typeof pattern === "string" ? JSON.stringify(pattern.slice(0, 80)) : typeof pattern;
      throw new KeywardError(
        "INVALID_ARGUMENT",
        `${field} contains an invalid pattern at index ${i} (${shown}): ${parsed}`,
      );
    }
  }
  return patterns as readonly string[];
}
