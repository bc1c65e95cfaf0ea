import { describe, expect, it } from "vitest";
import { compilePermissions } from "./matcher";

describe("compilePermissions: semantics", () => {
  const role = compilePermissions([
    "content/posts/read",
    "content/*/update",
    "media/**",
    "!media/private/**",
    "!content/drafts/update",
  ]);

  it.each([
    ["content/posts/read", true],
    ["content/pages/read", false],
    ["content/pages/update", true],
    ["content/drafts/update", false],
    ["content/a/b/update", false],
    ["media/x", true],
    ["media/x/y/z", true],
    ["media", false],
    ["media/private", true],
    ["media/private/x", false],
    ["Content/posts/read", false],
    ["content/posts/read/", false],
    ["content//update", false],
    ["content/*/update", false],
    ["__proto__", false],
  ])("%s → %s", (name, allowed) => {
    expect(role.allows(name)).toBe(allowed);
    expect(role.decide(name).effect === "allow").toBe(allowed);
  });

  it("names the deciding rule: the first deny in list order, else the first allow", () => {
    expect(role.decide("media/private/x")).toEqual({ effect: "deny", pattern: "!media/private/**" });
    expect(role.decide("content/pages/update")).toEqual({ effect: "allow", pattern: "content/*/update" });
    expect(role.decide("nothing")).toEqual({ effect: "none" });
    const both = compilePermissions(["a/*", "a/b", "!a/*", "!a/b"]);
    expect(both.decide("a/b")).toEqual({ effect: "deny", pattern: "!a/*" });
    expect(compilePermissions(["a/*", "a/b"]).decide("a/b")).toEqual({ effect: "allow", pattern: "a/*" });
  });

  it("treats prototype names as plain strings", () => {
    const proto = compilePermissions(["__proto__", "constructor/*"]);
    expect(proto.allows("__proto__")).toBe(true);
    expect(proto.allows("constructor/x")).toBe(true);
    expect(proto.allows("toString")).toBe(false);
    expect(proto.allows("hasOwnProperty")).toBe(false);
    expect(compilePermissions([]).allows("constructor")).toBe(false);
    expect(compilePermissions(["*"]).allows("__proto__")).toBe(true);
  });

  it("never throws on odd input to allows/decide", () => {
    const any = compilePermissions(["**"]);
    for (const odd of [undefined, null, 42, {}, ["a"], "", "a".repeat(5000)] as unknown[]) {
      expect(any.allows(odd as string)).toBe(false);
      expect(any.decide(odd as string)).toEqual({ effect: "none" });
    }
  });

  it("gives the same answers with the memo recycled by many distinct names", () => {
    const wild = compilePermissions(["items/*/read", "!items/secret/read"], { memoSize: 4 });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 50; i++) expect(wild.allows(`items/n${i}/read`)).toBe(true);
      expect(wild.allows("items/secret/read")).toBe(false);
      expect(wild.allows("items/n1/write")).toBe(false);
    }
  });
});

describe("compilePermissions: stored data that never passed validation fails closed", () => {
  it("ignores an invalid allow", () => {
    const matcher = compilePermissions(["content/posts read", "content/*/x*", "ok"]);
    expect(matcher.allows("content/posts read")).toBe(false);
    expect(matcher.allows("ok")).toBe(true);
  });

  it("denies everything when a deny cannot be read", () => {
    const matcher = compilePermissions(["content/**", "!content/se cret/**"]);
    expect(matcher.allows("content/posts")).toBe(false);
    expect(matcher.decide("content/posts")).toEqual({ effect: "deny", pattern: "!content/se cret/**" });
  });
});

describe("dot segments", () => {
  it("are never matched, by wildcards or by anything else", () => {
    const matcher = compilePermissions(["content/*/read", "content/**", "**"]);
    for (const name of ["content/../read", "content/./read", "content/a/..", ".."]) {
      expect(matcher.allows(name)).toBe(false);
    }
    expect(matcher.allows("content/.../read")).toBe(true);
  });
});
