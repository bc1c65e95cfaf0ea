import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainPermission, type Grants, isAllowed } from "./explain";
import { compilePermissions, matcherFromIndex, type RuleDecision } from "./matcher";
import { buildRuleIndex } from "./rule-index";
import {
  isPermissionName,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_PATTERNS,
  MAX_WILDCARD_PATTERNS,
  scanName,
  validatePermissionPatterns,
} from "./syntax";
import type { TrieNode } from "./trie";

// The reference: the documented semantics written as plainly as possible, one pattern at a time.
const SEGMENT_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:";
const PATTERN = /^!?(\*\*|(\*|[A-Za-z0-9_.:-]+)(\/(\*|[A-Za-z0-9_.:-]+))*(\/\*\*)?)$/;
/** `.` and `..` are never segments, of names or of patterns. */
const hasDotSegment = (text: string): boolean =>
  text
    .replace(/^!/, "")
    .split("/")
    .some((segment) => segment === "." || segment === "..");
const referenceIsPattern = (text: string): boolean => PATTERN.test(text) && !hasDotSegment(text);

function referenceIsName(name: string): boolean {
  if (name.length > 1024) return false;
  return name
    .split("/")
    .every(
      (segment) =>
        segment.length > 0 &&
        segment !== "." &&
        segment !== ".." &&
        [...segment].every((char) => SEGMENT_CHARS.includes(char)),
    );
}

function referenceMatches(pattern: string, name: string): boolean {
  const p = pattern.split("/");
  const n = name.split("/");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "**" && i === p.length - 1) return n.length > i;
    if (i >= n.length) return false;
    if (p[i] !== "*" && p[i] !== n[i]) return false;
  }
  return p.length === n.length;
}

function referenceDecide(patterns: readonly string[], name: string): RuleDecision {
  if (!referenceIsName(name)) return { effect: "none" };
  for (const pattern of patterns) {
    if (pattern.startsWith("!") && referenceMatches(pattern.slice(1), name))
      return { effect: "deny", pattern };
  }
  for (const pattern of patterns) {
    if (!pattern.startsWith("!") && referenceMatches(pattern, name)) return { effect: "allow", pattern };
  }
  return { effect: "none" };
}

// Hostile segments: prototype names, case and look-alikes of `admin` (Cyrillic а, zero-width space,
// leading space), an accented letter, and the empty segment.
const HOSTILE = ["__proto__", "constructor", "toString", "hasOwnProperty", "Admin", "admin"];
const LITERALS = ["a", "b", "posts", "a.b", "x:y", "A-1_", ...HOSTILE];
const NAME_ONLY = [" admin", "admin\u200b", "\u0430dmin", "é", "", "*", "**", "a b", "%2F", "a\n", "\u212a"];

const literal = fc.constantFrom(...LITERALS);
const patternArb = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.oneof({ weight: 3, arbitrary: literal }, { weight: 1, arbitrary: fc.constant("*") }), {
      minLength: 0,
      maxLength: 4,
    }),
    fc.boolean(),
  )
  .filter(([, segments, globstar]) => segments.length > 0 || globstar)
  .map(
    ([deny, segments, globstar]) => (deny ? "!" : "") + [...segments, ...(globstar ? ["**"] : [])].join("/"),
  );
const patternsArb = fc.array(patternArb, { maxLength: 12 });
const nameArb = fc.oneof(
  { weight: 8, arbitrary: fc.array(literal, { minLength: 1, maxLength: 5 }).map((s) => s.join("/")) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(literal, fc.constantFrom(...NAME_ONLY)), { minLength: 1, maxLength: 5 })
      .map((s) => s.join("/")),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const RUNS = { numRuns: 10_000 };
// 10,000 runs are CPU-bound: on a busy shared machine they can pass vitest's 5 s default.
const SLOW = { timeout: 120_000 };

describe("compiled matcher vs. the naive reference", SLOW, () => {
  it("agrees on allows() and decide() for random pattern sets and names, memo on or off", () => {
    fc.assert(
      fc.property(
        patternsArb,
        fc.array(nameArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(0, 2, 1024),
        (patterns, names, memoSize) => {
          const matcher = compilePermissions(patterns, { memoSize });
          // Twice over: the second pass is answered from the memo (or its recycled copy).
          for (const name of [...names, ...names]) {
            const expected = referenceDecide(patterns, name);
            expect(matcher.allows(name)).toBe(expected.effect === "allow");
            expect(matcher.decide(name)).toEqual(expected);
          }
        },
      ),
      RUNS,
    );
  });

  it("deny always wins, wherever the deny sits in the list", () => {
    const denyFor = fc
      .tuple(
        fc.array(literal, { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { maxLength: 5 }),
        fc.nat(5),
      )
      .map(([segments, stars, cut]) => {
        const name = segments.join("/");
        const pattern = segments.map((s, i) => (stars[i] === true ? "*" : s));
        // Optionally turn a tail into `**` (it must still cover at least one segment).
        const keep = Math.min(cut, segments.length - 1);
        const body = cut > 0 && keep > 0 ? [...pattern.slice(0, keep), "**"] : pattern;
        return { name, deny: `!${body.join("/")}` };
      });
    fc.assert(
      fc.property(patternsArb, denyFor, fc.nat(12), (patterns, { name, deny }, at) => {
        const list = [...patterns];
        list.splice(at % (list.length + 1), 0, deny);
        const matcher = compilePermissions([...list, name, "**"]);
        expect(matcher.allows(name)).toBe(false);
        expect(matcher.decide(name).effect).toBe("deny");
      }),
      RUNS,
    );
  });

  it("a scope never adds a permission: scoped ⊆ unscoped, and explain agrees with can", () => {
    fc.assert(
      fc.property(
        patternsArb,
        patternsArb,
        fc.option(patternsArb, { nil: null }),
        fc.boolean(),
        fc.array(nameArb, { minLength: 1, maxLength: 6 }),
        (role, scope, inherited, isSuper, names) => {
          const base: Grants = {
            isSuper,
            role: compilePermissions(role),
            scope: null,
            inherited: inherited === null ? null : compilePermissions(inherited),
          };
          const scoped: Grants = { ...base, scope: compilePermissions(scope) };
          for (const name of names) {
            const allowed = isAllowed(scoped, name);
            if (allowed) expect(isAllowed(base, name)).toBe(true);
            if (allowed) expect(compilePermissions(scope).allows(name)).toBe(true);
            expect(explainPermission(scoped, name).allowed).toBe(allowed);
            expect(explainPermission(base, name).allowed).toBe(isAllowed(base, name));
          }
        },
      ),
      RUNS,
    );
  });

  it("validation accepts exactly the documented grammar, and names are judged by the documented rule", () => {
    const chars = fc.constantFrom(
      "a",
      "B",
      "0",
      "_",
      "-",
      ".",
      ":",
      "/",
      "*",
      "!",
      " ",
      "\u0430",
      "\u200b",
      "%",
      "\n",
    );
    const text = fc.array(chars, { maxLength: 10 }).map((c) => c.join(""));
    fc.assert(
      fc.property(text, (candidate) => {
        let accepted = true;
        try {
          validatePermissionPatterns([candidate]);
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(referenceIsPattern(candidate));
        expect(isPermissionName(candidate)).toBe(referenceIsName(candidate));
        // The one-pass scan the trie walks rely on accepts exactly the same names.
        expect(scanName(candidate, new Int32Array(4)) >= 0).toBe(referenceIsName(candidate));
      }),
      RUNS,
    );
  });
});

// --- adversarial lists: the limits, fail-closed reading of stored data, and bounded work ----------

/** The documented reading of a stored list: what the matcher must act on, or the deny that voids it. */
function referenceEffective(patterns: readonly string[]): { kept: string[]; broken: string | null } {
  const kept: string[] = [];
  let wildcards = 0;
  for (let i = 0; i < patterns.length; i++) {
    const pattern = patterns[i] as string;
    const segments = pattern.replace(/^!/, "").split("/");
    const usable =
      i < MAX_PATTERNS &&
      referenceIsPattern(pattern) &&
      pattern.length <= MAX_PATTERN_LENGTH &&
      segments.length <= MAX_PATTERN_SEGMENTS;
    const wildcard = segments.some((segment) => segment === "*" || segment === "**");
    if (!usable || (wildcard && wildcards >= MAX_WILDCARD_PATTERNS)) {
      if (pattern.startsWith("!")) return { kept: [], broken: pattern };
      continue;
    }
    if (wildcard) wildcards++;
    kept.push(pattern);
  }
  return { kept, broken: null };
}

/** Literal `a` and `*` at every level (`b` now and then), so tries branch wherever they can. */
const branchingSegment = fc.constantFrom("a", "a", "*", "*", "b");
const adversarialPattern = (maxSegments: number) =>
  fc
    .tuple(fc.nat(3), fc.array(branchingSegment, { minLength: 1, maxLength: maxSegments }), fc.nat(3))
    .map(([deny, segments, globstar]) => {
      // Deep `**`: a trailing `**` replaces the last segment, keeping the depth.
      const body = globstar === 0 ? [...segments.slice(0, -1), "**"] : segments;
      return (deny === 0 ? "!" : "") + body.join("/");
    });
const adversarialList = fc.oneof(
  // Within the limits: up to MAX_WILDCARD_PATTERNS patterns of up to MAX_PATTERN_SEGMENTS segments.
  {
    weight: 4,
    arbitrary: fc.array(adversarialPattern(MAX_PATTERN_SEGMENTS), { maxLength: MAX_WILDCARD_PATTERNS }),
  },
  // Stored data past the limits: too many wildcards, patterns one segment too deep.
  {
    weight: 1,
    arbitrary: fc.array(adversarialPattern(MAX_PATTERN_SEGMENTS + 1), {
      maxLength: MAX_WILDCARD_PATTERNS + 16,
    }),
  },
);
/** Names of `a` and `b` that match many prefixes at once, around the depth limit, a few malformed. */
const adversarialName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.constantFrom("a", "a", "b"), { minLength: 1, maxLength: MAX_PATTERN_SEGMENTS + 2 })
      .map((segments) => segments.join("/")),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom("a", "c", "..", "", "a b", "*"), { minLength: 1, maxLength: 4 })
      .map((segments) => segments.join("/")),
  },
);

function allNodes(root: TrieNode): TrieNode[] {
  const nodes: TrieNode[] = [];
  const stack = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    nodes.push(node);
    stack.push(...node.edgeNodes);
    if (node.star !== null) stack.push(node.star);
  }
  return nodes;
}

/** Counts visits without touching the walks: every visit reads the node's `rest` exactly once. */
function countVisits(nodes: readonly TrieNode[], visits: Map<TrieNode, number>): void {
  for (const node of nodes) {
    const rest = node.rest;
    Object.defineProperty(node, "rest", {
      get: () => {
        visits.set(node, (visits.get(node) ?? 0) + 1);
        return rest;
      },
    });
  }
}

describe("adversarial pattern lists", SLOW, () => {
  it("agree with the reference, and a check visits each trie node at most once", () => {
    fc.assert(
      fc.property(
        adversarialList,
        fc.array(adversarialName, { minLength: 1, maxLength: 6 }),
        (list, names) => {
          const { kept, broken } = referenceEffective(list);
          const index = buildRuleIndex(list);
          const nodes = [...allNodes(index.allowTrie), ...allNodes(index.denyTrie)];
          // One node per segment at most, whatever the list holds: the trie cannot grow exponentially.
          const keptSegments = kept
            .filter((pattern) => pattern.includes("*"))
            .reduce((sum, pattern) => sum + pattern.split("/").filter((s) => s !== "**").length, 0);
          expect(nodes.length - 2).toBeLessThanOrEqual(keptSegments);
          expect(nodes.length - 2).toBeLessThanOrEqual(MAX_WILDCARD_PATTERNS * MAX_PATTERN_SEGMENTS);

          const visits = new Map<TrieNode, number>();
          countVisits(nodes, visits);
          let lookups = 0;
          const lookup = index.labels.get.bind(index.labels);
          index.labels.get = (segment) => {
            lookups++;
            return lookup(segment);
          };
          const matcher = matcherFromIndex(list, index, { memoSize: 0 });
          for (const name of names) {
            const expected: RuleDecision =
              broken === null ? referenceDecide(kept, name) : { effect: "deny", pattern: broken };
            for (const call of ["allows", "decide"] as const) {
              visits.clear();
              lookups = 0;
              if (call === "allows") expect(matcher.allows(name)).toBe(expected.effect === "allow");
              else expect(matcher.decide(name)).toEqual(expected);
              for (const count of visits.values()) expect(count).toBe(1);
              // Each segment's label is looked up once per check, however many nodes need it.
              expect(lookups).toBeLessThanOrEqual(MAX_PATTERN_SEGMENTS + 1);
            }
            // The counter does see the walks: once no deny decided, decide() enters the allow trie.
            if (expected.effect !== "deny" && isPermissionName(name) && index.wildcardAllows > 0)
              expect(visits.get(index.allowTrie)).toBe(1);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
