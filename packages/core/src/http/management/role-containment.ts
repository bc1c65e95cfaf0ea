import { compilePermissions } from "../../permissions/matcher";
import { parsePattern, validatePermissionPatterns } from "../../permissions/syntax";

/** Segments of a parsed pattern: literals, `*`, or a trailing `**`. */
type Segments = readonly string[];

/** A pattern list split by kind, parsed. Unparseable patterns make the list unusable here. */
interface SplitPatterns {
  readonly exactAllows: string[];
  readonly wildcardAllows: Segments[];
  readonly exactDenies: string[];
  readonly wildcardDenies: Segments[];
  readonly broken: boolean;
}

function split(patterns: readonly string[]): SplitPatterns {
  const result: SplitPatterns = {
    exactAllows: [],
    wildcardAllows: [],
    exactDenies: [],
    wildcardDenies: [],
    broken: false,
  };
  for (const pattern of patterns) {
    const parsed = parsePattern(pattern);
    if (typeof parsed === "string") return { ...result, broken: true };
    const name = parsed.segments.join("/");
    if (parsed.deny) {
      if (parsed.exact) result.exactDenies.push(name);
      else result.wildcardDenies.push(parsed.segments);
    } else if (parsed.exact) result.exactAllows.push(name);
    else result.wildcardAllows.push(parsed.segments);
  }
  return result;
}

function withinLimits(patterns: readonly string[]): boolean {
  try {
    validatePermissionPatterns(patterns);
    return true;
  } catch {
    return false;
  }
}

const isExact = (segments: Segments): boolean => !segments.some((s) => s === "*" || s === "**");

/**
 * Whether every name `inner` matches is also matched by `outer` (one pattern against one).
 * @param outer - segments of the wider pattern
 * @param inner - segments of the pattern to cover
 */
export function patternCovers(outer: Segments, inner: Segments): boolean {
  for (let i = 0; ; i++) {
    if (i === outer.length || i === inner.length) return i === outer.length && i === inner.length;
    const o = outer[i] as string;
    const n = inner[i] as string;
    // `**` takes one or more segments; whatever `inner` has left is one or more segments.
    if (o === "**") return true;
    // Only `**` matches names of every length.
    if (n === "**") return false;
    if (o === "*") continue;
    if (n !== o) return false;
  }
}

/**
 * The pattern matching exactly the names both patterns match, or `null` when no name matches both.
 * @param a - segments of one pattern
 * @param b - segments of the other
 */
export function patternIntersection(a: Segments, b: Segments): Segments | null {
  const out: string[] = [];
  for (let i = 0; ; i++) {
    if (i === a.length || i === b.length) return i === a.length && i === b.length ? out : null;
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === "**") return [...out, ...b.slice(i)];
    if (y === "**") return [...out, ...a.slice(i)];
    if (x === "*") out.push(y);
    else if (y === "*" || x === y) out.push(x);
    else return null;
  }
}

/**
 * Whether a holder of `holder`'s patterns may do everything `target`'s patterns allow: each exact
 * name `target` grants is allowed to the holder; each wildcard allow of `target` is covered by one
 * wildcard allow of `holder`, and wherever it meets a deny of `holder`, `target` denies the overlap
 * too. Conservative: it may say no to a target the holder does cover (through several patterns
 * together), never yes to one it does not. Unparseable patterns anywhere make the answer no.
 *
 * Bounded by the pattern limits: exact names cost a matcher lookup each, and only wildcard
 * patterns (at most `MAX_WILDCARD_PATTERNS` per list) are compared pairwise.
 * @param target - the patterns being handed out
 * @param holder - the patterns of the one handing them out
 */
export function patternsWithin(target: readonly string[], holder: readonly string[]): boolean {
  // Lists beyond the limits (stored before the limits existed) are read by the engine with rules
  // this check does not model (allows ignored, denies voiding everything): say no, and stay bounded.
  if (!withinLimits(target) || !withinLimits(holder)) return false;
  const wanted = split(target);
  const held = split(holder);
  if (wanted.broken || held.broken) return false;
  const targetMatcher = compilePermissions(target, { memoSize: 0 });
  const holderMatcher = compilePermissions(holder, { memoSize: 0 });
  // What the target grants by name (its own denies applied) the holder must be allowed.
  const grantsName = (name: string): boolean => targetMatcher.allows(name);
  for (const name of wanted.exactAllows) if (grantsName(name) && !holderMatcher.allows(name)) return false;
  for (const allow of wanted.wildcardAllows) {
    // An exact allow never covers a wildcard: only the holder's wildcard allows can.
    if (!held.wildcardAllows.some((outer) => patternCovers(outer, allow))) return false;
    for (const name of held.exactDenies) {
      if (patternCovers(allow, name.split("/")) && grantsName(name)) return false;
    }
    for (const deny of held.wildcardDenies) {
      const overlap = patternIntersection(allow, deny);
      if (overlap === null) continue;
      if (isExact(overlap)) {
        if (grantsName(overlap.join("/"))) return false;
      } else if (!wanted.wildcardDenies.some((own) => patternCovers(own, overlap))) return false;
    }
  }
  return true;
}
