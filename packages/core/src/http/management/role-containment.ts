import { parsePattern } from "../../permissions/syntax";

/** Segments of a parsed pattern: literals, `*`, or a trailing `**`. */
type Segments = readonly string[];

/** A pattern list split into its allows and denies, parsed. Unparseable patterns are kept apart. */
interface SplitPatterns {
  readonly allows: Segments[];
  readonly denies: Segments[];
  readonly broken: boolean;
}

function split(patterns: readonly string[]): SplitPatterns {
  const allows: Segments[] = [];
  const denies: Segments[] = [];
  let broken = false;
  for (const pattern of patterns) {
    const parsed = parsePattern(pattern);
    if (typeof parsed === "string") broken = true;
    else (parsed.deny ? denies : allows).push(parsed.segments);
  }
  return { allows, denies, broken };
}

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
 * Whether a holder of `holder`'s patterns may do everything `target`'s patterns allow: each allow
 * of `target` is covered by one allow of `holder`, and wherever it meets a deny of `holder`, a deny
 * of `target` covers the overlap. Conservative: it may say no to a target the holder does cover
 * (through several patterns together), never yes to one it does not. Unparseable patterns anywhere
 * make the answer no.
 * @param holder - the patterns of the one handing out power
 * @param target - the patterns being handed out
 */
export function patternsWithin(target: readonly string[], holder: readonly string[]): boolean {
  const wanted = split(target);
  const held = split(holder);
  if (wanted.broken || held.broken) return false;
  for (const allow of wanted.allows) {
    if (!held.allows.some((outer) => patternCovers(outer, allow))) return false;
    for (const deny of held.denies) {
      const overlap = patternIntersection(allow, deny);
      if (overlap !== null && !wanted.denies.some((own) => patternCovers(own, overlap))) return false;
    }
  }
  return true;
}
