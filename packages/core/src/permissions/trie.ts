import { isNameTailAt, isSegmentAt } from "./syntax";

/** "No pattern matched": larger than any pattern index, so `Math.min` keeps the first match. */
export const NO_MATCH = Number.POSITIVE_INFINITY;

/**
 * Up to this many literal edges, a node is searched by comparing in place (`startsWith` at an
 * offset), which needs no substring; beyond it, one substring and a `Map` lookup win.
 */
const SCAN_LIMIT = 8;

/**
 * One node of a segment trie. A path from the root spells a pattern's leading segments; `*` edges
 * live apart from literal ones so a lookup follows at most two edges per segment.
 */
export interface TrieNode {
  /** Literal edges. A `Map`, so `__proto__` or `constructor` are keys like any other. */
  readonly children: Map<string, TrieNode>;
  /** The same edges as parallel lists while there are few of them (`null` beyond {@link SCAN_LIMIT}). */
  edgeNames: string[] | null;
  edgeNodes: TrieNode[] | null;
  /** The `*` edge: any one segment. */
  star: TrieNode | null;
  /** Smallest index of a pattern that ends exactly here, or {@link NO_MATCH}. */
  end: number;
  /** Smallest index of a pattern whose trailing `**` starts here, or {@link NO_MATCH}. */
  rest: number;
}

/** An empty trie. */
export function createTrie(): TrieNode {
  return { children: new Map(), edgeNames: [], edgeNodes: [], star: null, end: NO_MATCH, rest: NO_MATCH };
}

function literalEdge(node: TrieNode, segment: string): TrieNode {
  let next = node.children.get(segment);
  if (next !== undefined) return next;
  next = createTrie();
  node.children.set(segment, next);
  if (node.edgeNames !== null && node.edgeNodes !== null && node.children.size <= SCAN_LIMIT) {
    node.edgeNames.push(segment);
    node.edgeNodes.push(next);
  } else {
    node.edgeNames = null;
    node.edgeNodes = null;
  }
  return next;
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
    } else node = literalEdge(node, segment);
  }
  node.end = Math.min(node.end, index);
}

/** The literal edge for `name[start..end)`, or `undefined`. */
function childFor(node: TrieNode, name: string, start: number, end: number): TrieNode | undefined {
  const names = node.edgeNames;
  if (names === null) return node.children.get(name.slice(start, end));
  const length = end - start;
  for (let i = 0; i < names.length; i++) {
    const segment = names[i] as string;
    if (segment.length === length && name.startsWith(segment, start))
      return (node.edgeNodes as TrieNode[])[i];
  }
  return undefined;
}

/**
 * The smallest index of a pattern matching the segments of `name` from offset `start` on, below
 * `node`, or {@link NO_MATCH}. `name` may be any string: a match consumes only well-formed segments
 * (literal edges are well formed, and what `*` or `**` takes is checked), so a malformed name never
 * matches and the caller need not validate it first. Each trie node sits at
 * one depth and meets only the one segment at that depth, so a lookup visits every node at most
 * once: its cost is bounded by the trie and by the name, never a scan of all patterns. No array is
 * built, and a substring only where a node has many literal edges.
 * @param node - where to start
 * @param name - the permission name
 * @param start - offset of the first segment still to match
 */
export function firstMatch(node: TrieNode, name: string, start: number): number {
  // `**` takes what is left, if that is one or more well-formed segments.
  let best = node.rest !== NO_MATCH && isNameTailAt(name, start) ? node.rest : NO_MATCH;
  const slash = name.indexOf("/", start);
  const end = slash === -1 ? name.length : slash;
  const child = node.children.size === 0 ? undefined : childFor(node, name, start, end);
  if (child !== undefined) best = Math.min(best, slash === -1 ? child.end : firstMatch(child, name, end + 1));
  const star = node.star;
  if (star !== null && isSegmentAt(name, start, end)) {
    best = Math.min(best, slash === -1 ? star.end : firstMatch(star, name, end + 1));
  }
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
  if (node.rest !== NO_MATCH && isNameTailAt(name, start)) return true;
  const slash = name.indexOf("/", start);
  const end = slash === -1 ? name.length : slash;
  const child = node.children.size === 0 ? undefined : childFor(node, name, start, end);
  if (child !== undefined && (slash === -1 ? child.end !== NO_MATCH : anyMatch(child, name, end + 1)))
    return true;
  const star = node.star;
  if (star === null || !isSegmentAt(name, start, end)) return false;
  return slash === -1 ? star.end !== NO_MATCH : anyMatch(star, name, end + 1);
}
