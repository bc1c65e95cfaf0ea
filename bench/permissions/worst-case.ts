/**
 * The most expensive pattern list the limits let through, and names that make a check of it walk
 * every trie node. Built from the exported limits, so the rows follow them if they change.
 *
 * - `MAX_WILDCARD_PATTERNS` wildcard patterns, half denies and half allows, each of
 *   `MAX_PATTERN_SEGMENTS` segments: a literal or `*` at each level, chosen from the pattern's number
 *   so that the patterns part ways as early as possible (a name's segment meets one literal edge and
 *   one `*` edge, so at most 2^depth nodes match it at each depth: about 770 nodes are visited), and
 *   a last literal no checked name has, so nothing matches and no walk stops early;
 * - the rest of `MAX_PATTERNS` as exact allows of `MAX_PATTERN_LENGTH` characters, for compiling.
 *
 * A checked name has the literal at every level, so it follows both edges everywhere, and ends in a
 * fresh segment so no memo has seen it (names this long are not remembered anyway).
 */
import { validatePermissionPatterns } from "@keyward/core";
import {
  MAX_NAME_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_PATTERNS,
  MAX_WILDCARD_PATTERNS,
} from "@keyward/core/adapter";

/**
 * One wildcard pattern of the worst case.
 * @param n - its number, which picks `literal` or `*` at each level
 * @param literal - the literal segment
 */
function branching(n: number, literal: string): string {
  const segments: string[] = [];
  const bits = Math.ceil(Math.log2(MAX_WILDCARD_PATTERNS));
  for (let level = 0; level < MAX_PATTERN_SEGMENTS - 2; level++)
    segments.push(((n >> (level % bits)) & 1) === 1 ? "*" : literal);
  // A `*` before the end makes every pattern a wildcard, even the one numbered 0.
  return [...segments, "*", "end"].join("/");
}

/**
 * The worst-case list, validated (it must pass, being at the limits).
 * @param literal - the literal segment the wildcards branch on
 */
export function worstCaseList(literal = "a"): string[] {
  const list: string[] = [];
  for (let n = 0; n < MAX_WILDCARD_PATTERNS; n++) {
    const pattern = branching(n, literal);
    list.push(n % 2 === 0 ? `!${pattern}` : pattern);
  }
  for (let i = list.length; i < MAX_PATTERNS; i++) {
    const head = `exact${i}/`;
    list.push(head + "x".repeat(MAX_PATTERN_LENGTH - head.length));
  }
  validatePermissionPatterns(list);
  return list;
}

/**
 * A name that follows every branch of {@link worstCaseList} and matches none of its patterns, as
 * long as a name may be, so validating it and looking its last segment up cost the most too.
 * @param fresh - makes the name unique
 * @param literal - the same literal as the list's
 */
export function worstCaseName(fresh: number, literal = "a"): string {
  const head = `${Array.from({ length: MAX_PATTERN_SEGMENTS - 1 }, () => literal).join("/")}/n${fresh}`;
  return head.padEnd(MAX_NAME_LENGTH, "x");
}

/** One measured operation of the worst-case section. */
export interface WorstCaseRow {
  readonly label: string;
  /** Operations per call of `run`: the time per operation is the call's time divided by this. */
  readonly perCall: number;
  readonly run: () => unknown;
  /** The goal, in nanoseconds per operation. */
  readonly goalNs: number;
}

/** Enough distinct names that none comes round again before the memo (1024 names) has been cleared. */
const POOL = 1 << 16;
const BATCH = 64;
const LONG_LITERAL = "l".repeat(14);

/**
 * The worst-case rows: compiling the list, and checking names no memo has seen against it, with
 * one-character and with 14-character literals (V8 compares substrings of 13 characters or more on
 * a slower path).
 * @param ownRole - the benchmark's ordinary role, compiled for comparison
 * @param compile - `compilePermissions`
 */
export function worstCaseRows(
  ownRole: readonly string[],
  compile: (patterns: readonly string[]) => {
    allows(name: string): boolean;
    decide(name: string): { effect: string };
  },
): WorstCaseRow[] {
  const rows: WorstCaseRow[] = [];
  const list = worstCaseList();
  rows.push({ label: "compile the worst-case list", perCall: 1, run: () => compile(list), goalNs: 5e6 });
  rows.push({
    label: "compile the checked role (10 rules)",
    perCall: 1,
    run: () => compile(ownRole),
    goalNs: 5e6,
  });
  for (const [literal, what] of [
    ["a", "1-character literals"],
    [LONG_LITERAL, "14-character literals"],
  ] as const) {
    const matcher = compile(worstCaseList(literal));
    const names = Array.from({ length: POOL }, (_, i) => worstCaseName(i, literal));
    for (const name of names.slice(0, BATCH))
      if (matcher.allows(name) || matcher.decide(name).effect !== "none")
        throw new Error(`setup: ${name} matches the worst-case list, so a check could stop early`);
    let next = 0;
    rows.push({
      label: `allows(), never-seen name, ${what}`,
      perCall: BATCH,
      run: () => {
        let allowed = 0;
        for (let i = 0; i < BATCH; i++) if (matcher.allows(names[next++ & (POOL - 1)] as string)) allowed++;
        return allowed;
      },
      goalNs: 20e3,
    });
    rows.push({
      label: `decide() (explain), never-seen name, ${what}`,
      perCall: BATCH,
      run: () => {
        let decided = 0;
        for (let i = 0; i < BATCH; i++)
          if (matcher.decide(names[next++ & (POOL - 1)] as string).effect) decided++;
        return decided;
      },
      goalNs: 20e3,
    });
  }
  return rows;
}
