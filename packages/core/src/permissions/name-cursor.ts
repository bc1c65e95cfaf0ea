import { MAX_PATTERN_SEGMENTS, scanName } from "./syntax";
import type { Labels } from "./trie";

/** Not looked up yet; label numbers are `>= 0`, and `-1` means no literal edge has the segment. */
const UNKNOWN = -2;
/** A pattern reaches at most this depth; one more segment tells the walk that more follow. */
const DEPTH = MAX_PATTERN_SEGMENTS + 1;

/**
 * One name being checked against the tries of one rule index: where its segments are, and their
 * label numbers, each looked up at most once per check however many nodes ask for it (and never for
 * a segment longer than every label). So a node visit compares small integers instead of hashing or
 * comparing a substring again. A matcher keeps
 * one cursor and reuses it: checks are synchronous and never nest, so nothing allocates per check
 * beyond the substrings that are looked up.
 */
export class NameCursor {
  /** The name being checked (valid after {@link reset} returned `true`). */
  name = "";
  /** Index of the name's last segment: at that depth, a pattern must end for the name to match. */
  last = -1;
  readonly #labels: Labels;
  /** No label is longer: a longer segment is known to be none without hashing it. */
  readonly #longest: number;
  readonly #ends = new Int32Array(DEPTH);
  readonly #ids = new Int32Array(DEPTH);

  /** @param labels - the numbering the index's tries were built with */
  constructor(labels: Labels) {
    this.#labels = labels;
    let longest = 0;
    for (const label of labels.keys()) longest = Math.max(longest, label.length);
    this.#longest = longest;
  }

  /**
   * Starts a check of `name`, validating it on the way.
   * @param name - a candidate permission name
   * @returns `false` when it is not a well-formed name (then nothing may match it)
   */
  reset(name: unknown): boolean {
    const count = scanName(name, this.#ends);
    if (count < 0) return false;
    this.name = name as string;
    this.last = count - 1;
    // A loop, not `fill`: for a few entries the builtin's call costs more than the stores.
    const ids = this.#ids;
    for (let depth = Math.min(count, DEPTH) - 1; depth >= 0; depth--) ids[depth] = UNKNOWN;
    return true;
  }

  /**
   * The label number of the segment at `depth`, or `-1` when no literal edge of the tries has it.
   * @param depth - a segment index below `DEPTH`; the trie's depth guarantees it
   */
  label(depth: number): number {
    const known = this.#ids[depth] as number;
    if (known !== UNKNOWN) return known;
    const start = depth === 0 ? 0 : (this.#ends[depth - 1] as number) + 1;
    const end = this.#ends[depth] as number;
    const id = end - start > this.#longest ? -1 : (this.#labels.get(this.name.slice(start, end)) ?? -1);
    this.#ids[depth] = id;
    return id;
  }
}
