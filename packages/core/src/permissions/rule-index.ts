import { MAX_PATTERNS, MAX_WILDCARD_PATTERNS, parsePattern } from "./syntax";
import { createTrie, insertPattern, type Labels, type TrieNode } from "./trie";

/**
 * A pattern list sorted by how it is looked up: exact names in `Map`s (one entry each, whatever
 * their number), wildcards in segment tries. Indexes are positions in the list, so a lookup can name
 * the first matching rule in the order the list gives them.
 */
export interface RuleIndex {
  /** Exact allowed name → index of its first occurrence. Keyed by the list's own strings. */
  readonly exactAllows: Map<string, number>;
  /** Exact denied name (without its `!`) → index of its first occurrence. */
  readonly exactDenies: Map<string, number>;
  /** Allows with a `*` or `**`; a name reaching it is known to match no exact allow. */
  readonly allowTrie: TrieNode;
  /** Denies with a `*` or `**`. */
  readonly denyTrie: TrieNode;
  /** The literal segments of both tries, numbered: a check numbers its name once for both. */
  readonly labels: Labels;
  readonly wildcardAllows: number;
  readonly wildcardDenies: number;
  /**
   * The first deny that could not be honoured (unparseable, or beyond a limit), or `null`. When set,
   * everything is denied and the other fields are left empty.
   */
  readonly brokenDeny: string | null;
}

function emptyIndex(brokenDeny: string | null): RuleIndex {
  return {
    exactAllows: new Map(),
    exactDenies: new Map(),
    allowTrie: createTrie(),
    denyTrie: createTrie(),
    labels: new Map(),
    wildcardAllows: 0,
    wildcardDenies: 0,
    brokenDeny,
  };
}

/**
 * Builds the index of a pattern list in one pass: its cost is linear in the list's characters,
 * whatever the patterns say. It does not assume the list was validated (stored data may predate the
 * limits, or come from elsewhere), and where it cannot honour a rule it fails closed:
 * - an allow that does not parse, or that lies beyond {@link MAX_PATTERNS} or
 *   {@link MAX_WILDCARD_PATTERNS} (counted in list order), is ignored: it grants nothing;
 * - a deny in the same position makes the index deny everything: a deny that is not applied might
 *   have been meant to cover any name.
 * So the tries never hold more than `MAX_WILDCARD_PATTERNS` patterns of at most
 * `MAX_PATTERN_SEGMENTS` segments, which is what bounds a check.
 * @param patterns - permission patterns, usually validated
 */
export function buildRuleIndex(patterns: readonly string[]): RuleIndex {
  const index = emptyIndex(null);
  let wildcardAllows = 0;
  let wildcardDenies = 0;
  for (let i = 0; i < patterns.length; i++) {
    const pattern = patterns[i] as string;
    const parsed = i < MAX_PATTERNS ? parsePattern(pattern) : "beyond the limit";
    if (typeof parsed === "string") {
      if (typeof pattern === "string" && pattern.startsWith("!")) return emptyIndex(pattern);
      continue;
    }
    if (parsed.exact) {
      const exact = parsed.deny ? index.exactDenies : index.exactAllows;
      const name = parsed.deny ? pattern.slice(1) : pattern;
      if (!exact.has(name)) exact.set(name, i);
      continue;
    }
    if (wildcardAllows + wildcardDenies >= MAX_WILDCARD_PATTERNS) {
      if (parsed.deny) return emptyIndex(pattern);
      continue;
    }
    insertPattern(parsed.deny ? index.denyTrie : index.allowTrie, index.labels, parsed.segments, i);
    if (parsed.deny) wildcardDenies++;
    else wildcardAllows++;
  }
  return { ...index, wildcardAllows, wildcardDenies };
}
