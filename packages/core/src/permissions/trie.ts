import type { NameCursor } from "./name-cursor";
import { MAX_PATTERN_SEGMENTS } from "./syntax";

/** "No pattern matched": larger than any pattern index, so `Math.min` keeps the first match. */
export const NO_MATCH = Number.POSITIVE_INFINITY;

/**
 * The literal segments of a family of tries, each numbered once. A check numbers its name's
 * segments once, then every node compares small integers: looking a string up or comparing it at
 * each node would cost the segment's length again at every node (and V8 takes a slower path for
 * substrings of 13 characters or more). A `Map`, so `__proto__` is a segment like any other.
 */
export type Labels = Map<string, number>;

/**
 * One node of a segment trie. A path from the root spells a pattern's leading segments; `*` edges
 * live apart from literal ones so a lookup follows at most two edges per segment.
 */
export interface TrieNode {
  /** Literal edges: their label numbers (see {@link Labels}). */
  readonly edgeLabels: number[];
  /** The node each literal edge leads to, at the same position as its label. */
  readonly edgeNodes: TrieNode[];
  /** The `*` edge: any one segment. */
  star: TrieNode | null;
  /** Smallest index of a pattern that ends exactly here, or {@link NO_MATCH}. */
  end: number;
  /** Smallest index of a pattern whose trailing `**` starts here, or {@link NO_MATCH}. */
  rest: number;
}

/** An empty trie. */
export function createTrie(): TrieNode {
  return { edgeLabels: [], edgeNodes: [], star: null, end: NO_MATCH, rest: NO_MATCH };
}

/**
 * Adds a parsed pattern: one node per segment at most, so a trie never holds more nodes than its
 * patterns have segments. Indexes are the pattern's position in its list, so lookups can name the
 * first matching pattern in the order the role lists them.
 * @param root - the trie
 * @param labels - the numbering shared by the tries a name is checked against
 * @param segments - the pattern's segments (`*`, trailing `**`, or literals), at most
 *   `MAX_PATTERN_SEGMENTS` of them
 * @param index - the pattern's position in its list
 */
export function insertPattern(
  root: TrieNode,
  labels: Labels,
  segments: readonly string[],
  index: number,
): void {
  // The walks rely on this depth; parsing refuses deeper patterns, so this is a programming error.
  if (segments.length > MAX_PATTERN_SEGMENTS) throw new RangeError("pattern deeper than the limit");
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
    let label = labels.get(segment);
    if (label === undefined) {
      label = labels.size;
      labels.set(segment, label);
    }
    let next = childAt(node, label);
    if (next === undefined) {
      next = createTrie();
      node.edgeLabels.push(label);
      node.edgeNodes.push(next);
    }
    node = next;
  }
  node.end = Math.min(node.end, index);
}

/**
 * The literal edge labelled `label`, or `undefined`. A scan: a node has at most one edge per
 * wildcard pattern (exact names never enter a trie), and across a walk every node is scanned as a
 * child of its one parent at most once, so scanning keeps a check linear in the trie's size.
 */
function childAt(node: TrieNode, label: number): TrieNode | undefined {
  const labels = node.edgeLabels;
  for (let i = 0; i < labels.length; i++) if (labels[i] === label) return node.edgeNodes[i];
  return undefined;
}

/**
 * The smallest index of a pattern matching the name from segment `depth` on, below `node`, or
 * {@link NO_MATCH}.
 *
 * The cursor validated the name once, so a `*` may take any segment and a `**` whatever is left
 * without looking at it again. A node sits at one depth and the walk reaches it only through its
 * one parent, so each node is visited at most once, and a visit compares small integers (each
 * segment's label is looked up once per check): a check costs at most the trie's size plus one
 * pass over the name, never a scan of all patterns.
 * @param node - where to start
 * @param cursor - the name, reset for this check
 * @param depth - the segment still to match; a segment always remains
 */
export function firstMatch(node: TrieNode, cursor: NameCursor, depth: number): number {
  // A segment remains at every visit, so a `**` here matches.
  let best = node.rest;
  const last = depth === cursor.last;
  if (node.edgeLabels.length !== 0) {
    const id = cursor.label(depth);
    const child = id < 0 ? undefined : childAt(node, id);
    if (child !== undefined) best = Math.min(best, last ? child.end : firstMatch(child, cursor, depth + 1));
  }
  const star = node.star;
  if (star !== null) best = Math.min(best, last ? star.end : firstMatch(star, cursor, depth + 1));
  return best;
}

/**
 * Whether any pattern below `node` matches the name from segment `depth` on; stops at the first
 * match. Same contract and bound as {@link firstMatch}.
 * @param node - where to start
 * @param cursor - the name, reset for this check
 * @param depth - the segment still to match; a segment always remains
 */
export function anyMatch(node: TrieNode, cursor: NameCursor, depth: number): boolean {
  if (node.rest !== NO_MATCH) return true;
  const last = depth === cursor.last;
  if (node.edgeLabels.length !== 0) {
    const id = cursor.label(depth);
    const child = id < 0 ? undefined : childAt(node, id);
    if (child !== undefined && (last ? child.end !== NO_MATCH : anyMatch(child, cursor, depth + 1)))
      return true;
  }
  const star = node.star;
  if (star === null) return false;
  return last ? star.end !== NO_MATCH : anyMatch(star, cursor, depth + 1);
}
