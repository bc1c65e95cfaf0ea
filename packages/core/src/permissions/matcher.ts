import { isPermissionName, MAX_NAME_LENGTH, type ParsedPattern, parsePattern } from "./syntax";
import { anyMatch, createTrie, firstMatch, insertPattern, NO_MATCH } from "./trie";

export { isPermissionName, validatePermissionPatterns } from "./syntax";

/**
 * What one compiled list of permission patterns says about one permission name.
 * `pattern` names the rule that decided (as written, with its `!` for a deny), for `explain`.
 */
export type RuleDecision =
  | { readonly effect: "allow"; readonly pattern: string }
  | { readonly effect: "deny"; readonly pattern: string }
  | { readonly effect: "none" };

/** A list of permission patterns compiled once into a lookup structure. */
export interface PermissionMatcher {
  /** The patterns this matcher was compiled from. */
  readonly patterns: readonly string[];
  /**
   * Whether the patterns allow `permission`: an allow matches and no deny does. `false` for a name
   * that is not well formed (see `isPermissionName`); never throws.
   */
  allows(permission: string): boolean;
  /** Which rule decides `permission`: the first matching deny, else the first matching allow, in list order. */
  decide(permission: string): RuleDecision;
}

/** Options of {@link compilePermissions}. */
export interface CompileOptions {
  /**
   * How many wildcard decisions to remember, by name. Names come from a small set in practice
   * (routes), so a repeat check is one `Map` lookup; hostile unique names only recycle the memo,
   * which is cleared when full. `0` turns it off. Default: 1024.
   */
  readonly memoSize?: number;
}

const NONE: RuleDecision = Object.freeze({ effect: "none" });
/** Names longer than this are decided but not remembered, bounding the memo's memory. */
const MEMO_MAX_NAME = 256;

/**
 * Compiles patterns into a matcher, once per role (or key scope):
 * - exact allow names go into a `Map` from name to verdict, the deny rules applied in advance, so
 *   checking an exact name is one lookup with no allocation;
 * - `*` and `**` patterns go into segment tries (one for allows, one for denies), so a wildcard
 *   check walks the name once and never scans the pattern list or builds a RegExp.
 *
 * Patterns that do not parse are expected to have been refused by `validatePermissionPatterns`
 * when saved. If stored data holds one anyway, the matcher fails closed: an invalid allow grants
 * nothing, and an invalid deny makes the matcher deny everything (a deny that cannot be read might
 * have been meant to cover anything).
 * @param patterns - permission patterns, usually validated
 * @param options - tuning; see {@link CompileOptions}
 * @example
 * ```ts
 * const matcher = compilePermissions(["content/*\/read", "!content/secret/read"]);
 * matcher.allows("content/posts/read");  // true
 * matcher.allows("content/secret/read"); // false: the deny wins
 * matcher.decide("content/secret/read"); // { effect: "deny", pattern: "!content/secret/read" }
 * ```
 */
export function compilePermissions(
  patterns: readonly string[],
  options: CompileOptions = {},
): PermissionMatcher {
  const memoSize = options.memoSize ?? 1024;
  // Wildcard allows only: an exact allow is found in `exactIndex`, so a name that reaches the trie
  // in `allows` is known to match no exact allow, and the trie stays small.
  const allowTrie = createTrie();
  const denyTrie = createTrie();
  /** Exact allow name → index of its first occurrence. Keyed by the role's own strings. */
  const exactIndex = new Map<string, number>();
  let wildcardAllows = 0;
  let hasDenies = false;
  let brokenDeny: string | null = null;
  for (let i = 0; i < patterns.length; i++) {
    const pattern = patterns[i] as string;
    const parsed: ParsedPattern | string = parsePattern(pattern);
    if (typeof parsed === "string") {
      if (typeof pattern === "string" && pattern.startsWith("!")) brokenDeny ??= pattern;
      continue;
    }
    if (parsed.deny) {
      insertPattern(denyTrie, parsed.segments, i);
      hasDenies = true;
    } else if (parsed.exact) {
      if (!exactIndex.has(pattern)) exactIndex.set(pattern, i);
    } else {
      insertPattern(allowTrie, parsed.segments, i);
      wildcardAllows++;
    }
  }

  const exactVerdicts = new Map<string, boolean>();
  if (brokenDeny === null) {
    for (const name of exactIndex.keys()) exactVerdicts.set(name, !anyMatch(denyTrie, name, 0));
  }
  const hasWildcardAllows = brokenDeny === null && wildcardAllows > 0;
  // Exact verdicts plus remembered wildcard verdicts: one lookup answers every repeated check.
  let verdicts = new Map(exactVerdicts);
  let remembered = 0;

  function decideWildcard(permission: string): boolean {
    // The walks validate what wildcards consume, so only the type and length are checked here.
    if (typeof permission !== "string" || permission.length === 0 || permission.length > MAX_NAME_LENGTH)
      return false;
    const allowed = (!hasDenies || !anyMatch(denyTrie, permission, 0)) && anyMatch(allowTrie, permission, 0);
    if (memoSize > 0 && permission.length <= MEMO_MAX_NAME) {
      if (remembered >= memoSize) {
        verdicts = new Map(exactVerdicts);
        remembered = 0;
      }
      verdicts.set(permission, allowed);
      remembered++;
    }
    return allowed;
  }

  return {
    patterns,
    allows(permission) {
      const verdict = verdicts.get(permission);
      if (verdict !== undefined) return verdict;
      // Not an exact allow: only a wildcard can still allow it.
      return hasWildcardAllows && decideWildcard(permission);
    },
    decide(permission) {
      if (brokenDeny !== null) return { effect: "deny", pattern: brokenDeny };
      if (!isPermissionName(permission)) return NONE;
      const deny = firstMatch(denyTrie, permission, 0);
      if (deny !== NO_MATCH) return { effect: "deny", pattern: patterns[deny] as string };
      const allow = Math.min(exactIndex.get(permission) ?? NO_MATCH, firstMatch(allowTrie, permission, 0));
      if (allow !== NO_MATCH) return { effect: "allow", pattern: patterns[allow] as string };
      return NONE;
    },
  };
}
