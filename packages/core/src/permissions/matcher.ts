import { NameCursor } from "./name-cursor";
import { buildRuleIndex, type RuleIndex } from "./rule-index";
import { MAX_PATTERN_LENGTH } from "./syntax";
import { anyMatch, firstMatch, NO_MATCH } from "./trie";

export {
  isPermissionName,
  MAX_NAME_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_PATTERNS,
  MAX_WILDCARD_PATTERNS,
  validatePermissionPatterns,
} from "./syntax";

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
/**
 * Names longer than this are decided but not remembered, bounding the memo's memory. No exact
 * pattern is longer either, so such a name skips every lookup by name (and hashing it).
 */
const MEMO_MAX_NAME = MAX_PATTERN_LENGTH;

/**
 * Compiles patterns into a matcher, once per role (or key scope):
 * - exact names go into `Map`s, so checking one is a lookup; whether a wildcard deny covers an
 *   exact allow is worked out on its first check and remembered, so compiling never pairs every
 *   allow with every deny;
 * - `*` and `**` patterns go into segment tries (one for allows, one for denies), so a wildcard
 *   check walks the name once and never scans the pattern list or builds a RegExp.
 *
 * Compiling costs one pass over the patterns' characters. A check of a name no rule names exactly
 * costs one pass over the name plus at most one visit of each trie node, and the tries hold at
 * most `MAX_WILDCARD_PATTERNS` patterns of `MAX_PATTERN_SEGMENTS` segments; repeated checks are
 * answered from a memo.
 *
 * Lists are expected to have passed `validatePermissionPatterns` when saved. Stored data that did
 * not (older than the limits, or written around the API) fails closed rather than costing more:
 * an allow that does not parse or lies beyond a limit grants nothing, and such a deny makes the
 * matcher deny everything (a deny that cannot be applied might have been meant to cover anything).
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
  return matcherFromIndex(patterns, buildRuleIndex(patterns), options);
}

/**
 * The matcher over an index built from `patterns`. {@link compilePermissions} is the entry point;
 * this seam lets tests instrument the index's tries and count what a check visits.
 * @param patterns - the list `index` was built from
 * @param index - its index
 * @param options - tuning; see {@link CompileOptions}
 */
export function matcherFromIndex(
  patterns: readonly string[],
  index: RuleIndex,
  options: CompileOptions = {},
): PermissionMatcher {
  const memoSize = options.memoSize ?? 1024;
  const { exactAllows, exactDenies, allowTrie, denyTrie, labels, brokenDeny } = index;
  const hasExactDenies = exactDenies.size > 0;
  const hasWildcardDenies = index.wildcardDenies > 0;
  const hasWildcardAllows = index.wildcardAllows > 0;
  /** Every verdict worked out so far, exact and wildcard: one lookup answers a repeated check. */
  const verdicts = new Map<string, boolean>();
  /** The wildcard names in `verdicts`, dropped together when the memo is full; exact ones stay. */
  let remembered: string[] = [];
  /** One name at a time is checked: the walks share this cursor instead of allocating per check. */
  const cursor = new NameCursor(labels);
  // Without wildcard denies an exact allow's verdict is one lookup, so all are set now; with them,
  // each is worked out on its first check, so compiling never pairs every allow with every deny.
  if (!hasWildcardDenies) for (const name of exactAllows.keys()) verdicts.set(name, !exactDenies.has(name));

  /** Whether a deny covers the name `cursor` was reset to. */
  function denied(): boolean {
    const name = cursor.name;
    if (hasExactDenies && name.length <= MEMO_MAX_NAME && exactDenies.has(name)) return true;
    return hasWildcardDenies && anyMatch(denyTrie, cursor, 0);
  }

  function decideExact(name: string): boolean {
    // An exact allow is a well-formed name, so the reset succeeds.
    const allowed = cursor.reset(name) && !denied();
    // Bounded by the exact allows: these entries are never dropped.
    verdicts.set(name, allowed);
    return allowed;
  }

  function decideWildcard(permission: string): boolean {
    // Checked once here so that the trie walks never look at a character again.
    if (!cursor.reset(permission)) return false;
    const allowed = !denied() && anyMatch(allowTrie, cursor, 0);
    if (memoSize > 0 && permission.length <= MEMO_MAX_NAME) {
      if (remembered.length >= memoSize) {
        for (const name of remembered) verdicts.delete(name);
        remembered = [];
      }
      verdicts.set(permission, allowed);
      remembered.push(permission);
    }
    return allowed;
  }

  return {
    patterns,
    allows(permission) {
      if (typeof permission === "string" && permission.length > MEMO_MAX_NAME)
        return hasWildcardAllows && decideWildcard(permission);
      const verdict = verdicts.get(permission);
      if (verdict !== undefined) return verdict;
      // An exact allow not decided yet (only with wildcard denies); exact allows are names.
      if (hasWildcardDenies && exactAllows.has(permission)) return decideExact(permission);
      // Not an exact allow: only a wildcard can still allow it.
      return hasWildcardAllows && decideWildcard(permission);
    },
    decide(permission) {
      if (brokenDeny !== null) return { effect: "deny", pattern: brokenDeny };
      if (!cursor.reset(permission)) return NONE;
      const exact = permission.length <= MEMO_MAX_NAME;
      const deny = Math.min(
        hasExactDenies && exact ? (exactDenies.get(permission) ?? NO_MATCH) : NO_MATCH,
        hasWildcardDenies ? firstMatch(denyTrie, cursor, 0) : NO_MATCH,
      );
      if (deny !== NO_MATCH) return { effect: "deny", pattern: patterns[deny] as string };
      const allow = Math.min(
        exact ? (exactAllows.get(permission) ?? NO_MATCH) : NO_MATCH,
        hasWildcardAllows ? firstMatch(allowTrie, cursor, 0) : NO_MATCH,
      );
      if (allow !== NO_MATCH) return { effect: "allow", pattern: patterns[allow] as string };
      return NONE;
    },
  };
}
