import { describe, expect, it } from "vitest";
import { isKeywardError } from "../errors";
import {
  isPermissionName,
  MAX_NAME_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_PATTERNS,
  MAX_WILDCARD_PATTERNS,
  scanName,
  validatePermissionPatterns,
} from "./syntax";

function rejection(patterns: unknown, field?: string): string {
  try {
    validatePermissionPatterns(patterns, field);
  } catch (error) {
    expect(isKeywardError(error, "INVALID_ARGUMENT")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected a rejection");
}

describe("validatePermissionPatterns", () => {
  it("accepts the documented grammar", () => {
    const patterns = [
      "content/posts/read",
      "content/*/update",
      "content/**",
      "**",
      "*",
      "!content/secret/**",
    ];
    expect(validatePermissionPatterns([...patterns, "a.b:c_d-e/F9"])).toHaveLength(7);
  });

  it.each([
    ["content//read", /index 1 \("content\/\/read"\): empty segment/],
    ["/content", /empty segment/],
    ["content/", /empty segment/],
    ["content/**/read", /`\*\*` is allowed only as the last segment/],
    ["content/post*/read", /`\*` must be a whole segment/],
    ["content/***", /`\*` must be a whole segment/],
    ["content/posts read", /unknown character " "/],
    ["c\u043entent/read", /unknown character "\u043e"/],
    ["admin\u200b", /unknown character/],
    ["!", /nothing after `!`/],
    ["!!a", /unknown character "!"/],
    ["", /empty/],
    ["a".repeat(257), /257 characters; at most 256 are allowed in a pattern/],
    [Array(17).fill("a").join("/"), /17 segments; at most 16 are allowed in a pattern/],
    ["!a/*/b/c/d/e/f/g/h/i/j/k/l/m/n/o/**", /17 segments; at most 16/],
    ["content/../read", /`\.` and `\.\.` are not segments/],
    ["content/./**", /`\.` and `\.\.` are not segments/],
    ["!..", /`\.` and `\.\.` are not segments/],
  ])("refuses %j and names it", (pattern, message) => {
    const text = rejection(["ok/fine", pattern]);
    expect(text).toMatch(/^permissions contains an invalid pattern at index 1/);
    expect(text).toMatch(message);
  });

  it("refuses non-arrays, non-strings and oversized lists, naming the field", () => {
    expect(() => validatePermissionPatterns("a", "scope")).toThrow(/scope must be an array/);
    expect(rejection([42])).toMatch(/index 0 \(number\): not a string/);
    expect(rejection(Array.from({ length: MAX_PATTERNS + 1 }, () => "a"))).toMatch(/at most 1000 /);
  });

  it("never shows more than 80 characters of a pattern, nor anything key-like", () => {
    const key = `USR-${"ab12".repeat(10)}`;
    const long = rejection([`${"x/".repeat(60)}y y`]);
    expect(long).toContain(`"${"x/".repeat(40)}"`);
    const pasted = rejection([`${key} `]);
    expect(pasted).not.toContain("ab12ab12");
    expect(pasted).toMatch(/index 0 \("USR-… "\): unknown character " "/);
    expect(rejection([`note/${"0123456789abcdef".repeat(2)}/x*`])).not.toMatch(/0123456789abcdef/);
  });
});

describe("validatePermissionPatterns: limits", () => {
  const exact = (n: number) => Array.from({ length: n }, (_, i) => `content/m${i}/read`);
  const wild = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? `!m${i}/*/x` : `m${i}/**`));
  const deep = (segments: number) => [...Array(segments - 1).fill("*"), "end"].join("/");

  it("publishes limits that real roles never reach", () => {
    expect({ MAX_PATTERNS, MAX_WILDCARD_PATTERNS, MAX_PATTERN_SEGMENTS, MAX_PATTERN_LENGTH }).toEqual({
      MAX_PATTERNS: 1000,
      MAX_WILDCARD_PATTERNS: 64,
      MAX_PATTERN_SEGMENTS: 16,
      MAX_PATTERN_LENGTH: 256,
    });
  });

  it.each(["permissions", "scope"])("accepts each limit exactly and names the field (%s)", (field) => {
    const atLimit = [...wild(MAX_WILDCARD_PATTERNS), ...exact(MAX_PATTERNS - MAX_WILDCARD_PATTERNS)];
    expect(validatePermissionPatterns(atLimit, field)).toBe(atLimit);
    expect(validatePermissionPatterns([deep(MAX_PATTERN_SEGMENTS)], field)).toHaveLength(1);
    const longest = `a/${"b".repeat(MAX_PATTERN_LENGTH - 2)}`;
    const longestDeny = `!a/${"b".repeat(MAX_PATTERN_LENGTH - 3)}`;
    expect(validatePermissionPatterns([longest, longestDeny], field)).toHaveLength(2);
  });

  it.each(["permissions", "scope"])(
    "refuses one over each limit, naming field, limit and value (%s)",
    (field) => {
      expect(rejection(exact(MAX_PATTERNS + 1), field)).toBe(
        `${field} holds 1001 patterns; at most 1000 are allowed`,
      );
      expect(rejection([...exact(10), ...wild(MAX_WILDCARD_PATTERNS + 1)], field)).toBe(
        `${field} holds 65 wildcard patterns (with * or **); at most 64 are allowed`,
      );
      expect(rejection(["ok", deep(MAX_PATTERN_SEGMENTS + 1)], field)).toMatch(
        new RegExp(
          `^${field} contains an invalid pattern at index 1 \\(.*\\): 17 segments; at most 16 are allowed in a pattern$`,
        ),
      );
      expect(rejection(["ok", "x".repeat(MAX_PATTERN_LENGTH + 1)], field)).toMatch(
        new RegExp(
          `^${field} contains an invalid pattern at index 1 \\("x{80}"\\): 257 characters; at most 256 are allowed in a pattern$`,
        ),
      );
    },
  );

  it("counts an oversized list before parsing it", () => {
    const huge = Array.from({ length: 100_000 }, () => 42);
    expect(rejection(huge)).toBe("permissions holds 100000 patterns; at most 1000 are allowed");
  });
});

describe("isPermissionName", () => {
  it.each([
    "a",
    "content/posts/read",
    "__proto__",
    "constructor/toString",
    "x:y/a.b/A-1_",
    "a/.../b",
    ".x/y.",
  ])("%j is a name", (n) => {
    expect(isPermissionName(n)).toBe(true);
  });
  it.each([
    "",
    "a//b",
    "/a",
    "a/",
    "content/*/read",
    "**",
    " admin",
    "admin\u200b",
    "\u0430dmin",
    "a".repeat(MAX_NAME_LENGTH + 1),
    // Path-like names built from URL parameters must not pass for other names.
    "content/../read",
    "content/./read",
    "..",
    "a/.",
    42,
    null,
  ])("%j is not a name (never throws)", (n) => {
    expect(isPermissionName(n)).toBe(false);
    expect(scanName(n, new Int32Array(4))).toBe(-1);
  });

  it("scanName finds where segments end, counting no further than it has room for", () => {
    const ends = new Int32Array(3);
    expect(scanName("ab/c/def", ends)).toBe(3);
    expect([...ends]).toEqual([2, 4, 8]);
    expect(scanName("a", ends)).toBe(1);
    expect(ends[0]).toBe(1);
    expect(scanName("a/b/c/d/e/f", ends)).toBe(4);
    expect([...ends]).toEqual([1, 3, 5]);
  });
});
