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
 * The smallest index of a pattern matching the segments of `name` from offset `start` on, below
 * `node`, or {@link NO_MATCH}. `name` must be a well-formed permission name. Each trie node sits at
 * one depth and meets only the one segment at that depth, so a lookup visits every node at most
 * once: its cost is bounded by the trie and by the name, never a scan of all patterns. Segments are
 * sliced only where a literal edge needs one, and no array is built.
 * @param node - where to start
 * @param name - the permission name
 * @param start - offset of the first segment still to match
 */
export function firstMatch(node: TrieNode, name: string, start: number): number {
  // A segment is left (start < length), so a `**` here matches.
  let best = node.rest;
  const slash = name.indexOf("/", start);
  const end = slash === -1 ? name.length : slash;
  if (node.children.size > 0) {
    const child = node.children.get(name.slice(start, end));
    if (child !== undefined)
      best = Math.min(best, slash === -1 ? child.end : firstMatch(child, name, end + 1));
  }
  const star = node.star;
  if (star !== null) best = Math.min(best, slash === -1 ? star.end : firstMatch(star, name, end + 1));
  return best;
}

/**
 * Whether any pattern below `node` matches `name` from offset `start` on; stops at the first match.
 * Same contract as {@link firstMatch}.
 * @param node - where to start
 * @param name - the permission name
 * @param start - offset of the first segment still to match
 */
export function anyMatch(node: TrieNode, name: string, start: number): boolean {
  if (node.rest !== NO_MATCH) return true;
  const slash = name.indexOf("/", start);
  const end = slash === -1 ? name.length : slash;
  if (node.children.size > 0) {
    const child = node.children.get(name.slice(start, end));
    if (child !== undefined && (slash === -1 ? child.end !== NO_MATCH : anyMatch(child, name, end + 1)))
      return true;
  }
  const star = node.star;
  if (star === null) return false;
  return slash === -1 ? star.end !== NO_MATCH : anyMatch(star, name, end + 1);
}
