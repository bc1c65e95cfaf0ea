import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePermissions } from "../../permissions/matcher";
import { patternCovers, patternIntersection, patternsWithin } from "./role-containment";

const seg = (pattern: string) => pattern.split("/");

describe("patternCovers", () => {
  it.each([
    ["a/*", "a/b", true],
    ["a/*", "a/*", true],
    ["a/b", "a/*", false],
    ["a/**", "a/b/c", true],
    ["a/**", "a/*/**", true],
    ["a/*/**", "a/**", false],
    ["a/*", "a/**", false],
    ["a/*", "a/b/c", false],
    ["**", "a", true],
  ])("%s covers %s: %s", (outer, inner, expected) => {
    expect(patternCovers(seg(outer), seg(inner))).toBe(expected);
  });
});

describe("patternIntersection", () => {
  it.each([
    ["a/*", "*/b", "a/b"],
    ["a/**", "*/b/c", "a/b/c"],
    ["a/b", "a/c", null],
    ["a/*", "a/*/*", null],
    ["**", "x/**", "x/**"],
  ])("%s ∩ %s = %s", (a, b, expected) => {
    expect(patternIntersection(seg(a), seg(b))?.join("/") ?? null).toBe(expected);
  });
});

// Small alphabets, so that random patterns and names meet often.
const segment = fc.constantFrom("a", "b", "*");
const pattern = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean())
  .map(([segments, rest, deny]) => `${deny ? "!" : ""}${segments.join("/")}${rest ? "/**" : ""}`);
const name = fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 5 }).map((s) => s.join("/"));

describe("patternsWithin", () => {
  it("never says yes when the target allows a name the holder does not", () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 4 }),
        fc.array(pattern, { maxLength: 4 }),
        fc.array(name, { minLength: 20, maxLength: 20 }),
        (target, holder, names) => {
          if (!patternsWithin(target, holder)) return;
          const wanted = compilePermissions(target, { memoSize: 0 });
          const held = compilePermissions(holder, { memoSize: 0 });
          for (const n of names) if (wanted.allows(n)) expect(held.allows(n)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("says yes for a list within itself and for any list within **", () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 5 }), (list) => {
        expect(patternsWithin(list, list)).toBe(true);
        expect(patternsWithin(list, ["**"])).toBe(true);
      }),
    );
  });
});

describe("patternsWithin on lists beyond the limits", () => {
  it("says no when either list breaks a limit, whatever it holds", () => {
    const wildcards = Array.from({ length: 64 }, (_, i) => `w${i}/*`);
    expect(patternsWithin(["content/**"], [...wildcards, "content/**"])).toBe(false);
    expect(
      patternsWithin(["content/**"], [...Array.from({ length: 1000 }, (_, i) => `n${i}`), "content/**"]),
    ).toBe(false);
    expect(patternsWithin([...wildcards, "x/**"], ["**"])).toBe(false);
    expect(patternsWithin(["content/**"], ["content/**"])).toBe(true);
  });
});
