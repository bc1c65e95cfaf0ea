/** "No pattern matched": larger than any pattern index, so `Math.min` keeps the first match. */
export const NO_MATCH = Number.POSITIVE_INFINITY;

/**
 * One node of a segment trie. A path from the root spells a pattern's leading segments; `*` edges
 * live apart from literal ones so a lookup follows at most two edges per segment.
 */
export interface TrieNode {
  /** Literal segments. A `Map`, so `__proto__` or `constructor` are keys like any other. */
  readonly children: Map<string, TrieNode>;
  /** The `*` edge: any one segment. */
  star: TrieNode | null;
  /** Smallest index of a pattern that ends exactly here, or {@link NO_MATCH}. */
  end: number;
  /** Smallest index of a pattern whose trailing `**` starts here, or {@link NO_MATCH}. */
  rest: number;
}

/** An empty trie. */
export function createTrie(): TrieNode {
  return { children: new Map(), star: null, end: NO_MATCH, rest: NO_MATCH };
}

/**
 * Adds a parsed pattern. Indexes are the pattern's position in its list, so lookups can name the
 * first matching pattern in the order the role lists them.
 * @param root - the trie
 * @param segments - the pattern's segments (`*`, trailing `**`, or literals)
 * @param index - the pattern's position in its list
 */
export function insertPattern(root: TrieNode, segments: readonly string[], index: number): void {
  let node = root;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s] as string;
    if (segment === "**") {
      node.rest = Math.min(node.rest, index);
      return;
    }
    if (segment === "*") {
      node.star ??= createTrie();
      node = node.star;
      continue;
    }
    let next = node.children.get(segment);
    if (next === undefined) {
      next = createTrie();
      node.children.set(segment, next);
    }
    node = next;
  }
  node.end = Math.min(node.end, index);
}

/**
 * The smallest index of a pattern matching `segments[from..]` below `node`, or {@link NO_MATCH}.
 * Each trie node sits at one depth and is compared with the one segment at that depth, so a lookup
 * visits every node at most once: its cost is bounded by the size of the trie and by the name,
 * whichever is smaller, never by a scan of all patterns.
 * @param node - where to start
 * @param segments - the name's segments
 * @param from - the first segment still to match
 */
export function firstMatch(node: TrieNode, segments: readonly string[], from: number): number {
  if (from === segments.length) return node.end;
  // `**` needs at least one segment, and there is one left.
  let best = node.rest;
  const child = node.children.get(segments[from] as string);
  if (child !== undefined) best = Math.min(best, firstMatch(child, segments, from + 1));
  if (node.star !== null) best = Math.min(best, firstMatch(node.star, segments, from + 1));
  return best;
}

/**
 * Whether any pattern below `node` matches `segments[from..]`; stops at the first match.
 * @param node - where to start
 * @param segments - the name's segments
 * @param from - the first segment still to match
 */
export function anyMatch(node: TrieNode, segments: readonly string[], from: number): boolean {
  if (from === segments.length) return node.end !== NO_MATCH;
  if (node.rest !== NO_MATCH) return true;
  const child = node.children.get(segments[from] as string);
  if (child !== undefined && anyMatch(child, segments, from + 1)) return true;
  return node.star !== null && anyMatch(node.star, segments, from + 1);
}
