import { describe, expect, it } from "vitest";
import { isKeywardError } from "../errors";
import { isPermissionName, MAX_NAME_LENGTH, MAX_PATTERNS, validatePermissionPatterns } from "./syntax";

function rejection(patterns: unknown): string {
  try {
    validatePermissionPatterns(patterns);
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
    ["a".repeat(257), /longer than 256/],
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
    expect(rejection(Array.from({ length: MAX_PATTERNS + 1 }, () => "a"))).toMatch(/at most 10000/);
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
  });
});
