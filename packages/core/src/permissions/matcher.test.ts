import { describe, expect, it } from "vitest";
import { compilePermissions, MAX_PATTERN_SEGMENTS, MAX_PATTERNS, MAX_WILDCARD_PATTERNS } from "./matcher";

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

describe("compilePermissions: stored lists beyond the limits fail closed", () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler/${i}`);
  const wildcards = (n: number) => Array.from({ length: n }, (_, i) => `w${i}/*`);

  it("ignores allows after the first MAX_PATTERNS entries", () => {
    const matcher = compilePermissions([...filler(MAX_PATTERNS - 1), "last/in", "first/out", "out/*"]);
    expect(matcher.allows("last/in")).toBe(true);
    expect(matcher.allows("first/out")).toBe(false);
    expect(matcher.allows("out/x")).toBe(false);
    expect(matcher.decide("first/out")).toEqual({ effect: "none" });
  });

  it("denies everything when a deny lies after the first MAX_PATTERNS entries", () => {
    const matcher = compilePermissions(["**", ...filler(MAX_PATTERNS), "!secret"]);
    expect(matcher.allows("filler/1")).toBe(false);
    expect(matcher.decide("filler/1")).toEqual({ effect: "deny", pattern: "!secret" });
  });

  it("ignores wildcard allows beyond MAX_WILDCARD_PATTERNS, but never exact ones", () => {
    const matcher = compilePermissions([...wildcards(MAX_WILDCARD_PATTERNS), "late/*", "late/exact"]);
    expect(matcher.allows(`w${MAX_WILDCARD_PATTERNS - 1}/x`)).toBe(true);
    expect(matcher.allows("late/x")).toBe(false);
    expect(matcher.allows("late/exact")).toBe(true);
  });

  it("denies everything when a wildcard deny lies beyond MAX_WILDCARD_PATTERNS", () => {
    const matcher = compilePermissions([...wildcards(MAX_WILDCARD_PATTERNS), "ok", "!late/**"]);
    expect(matcher.allows("ok")).toBe(false);
    expect(matcher.allows("w0/x")).toBe(false);
    expect(matcher.decide("ok")).toEqual({ effect: "deny", pattern: "!late/**" });
    // An exact deny costs nothing, so it is honoured wherever it sits within MAX_PATTERNS.
    const exact = compilePermissions([...wildcards(MAX_WILDCARD_PATTERNS), "ok", "!w0/x"]);
    expect(exact.allows("ok")).toBe(true);
    expect(exact.allows("w0/x")).toBe(false);
  });

  it("treats a pattern deeper than MAX_PATTERN_SEGMENTS or longer than allowed as unreadable", () => {
    const deep = Array(MAX_PATTERN_SEGMENTS + 1)
      .fill("*")
      .join("/");
    expect(compilePermissions([deep, "ok"]).allows("ok")).toBe(true);
    expect(
      compilePermissions([deep, "ok"]).allows(
        Array(MAX_PATTERN_SEGMENTS + 1)
          .fill("a")
          .join("/"),
      ),
    ).toBe(false);
    expect(compilePermissions(["ok", `!${deep}`]).allows("ok")).toBe(false);
    expect(compilePermissions(["ok", `!${"x".repeat(300)}`]).allows("ok")).toBe(false);
  });

  it("turns the reviewed attack (hundreds of deep `a`/`*` patterns) into a list that denies all", () => {
    const branching = (n: number) =>
      Array.from({ length: 120 }, (_, level) => ((n >> (level % 9)) & 1 ? "*" : "a")).join("/");
    const attack = [
      ...Array.from({ length: 190 }, (_, n) => `!${branching(n)}/**`),
      ...Array.from({ length: 200 }, (_, n) => `${Array(120).fill("a").join("/")}/e${n}`),
    ];
    const matcher = compilePermissions(attack);
    expect(matcher.allows(`${Array(120).fill("a").join("/")}/e1`)).toBe(false);
    expect(matcher.decide("a").effect).toBe("deny");
  });
});

describe("compilePermissions: exact allows under wildcard denies", () => {
  it("decides an exact allow on its first check and keeps the verdict through memo recycling", () => {
    const matcher = compilePermissions(["a/b", "a/c", "!a/*", "x/*"], { memoSize: 2 });
    for (let round = 0; round < 3; round++) {
      expect(matcher.allows("a/b")).toBe(false);
      for (let i = 0; i < 5; i++) expect(matcher.allows(`x/${round}${i}`)).toBe(true);
    }
    expect(compilePermissions(["a/b", "!a/c/*"]).allows("a/b")).toBe(true);
    expect(compilePermissions(["a/b", "!a/b"]).allows("a/b")).toBe(false);
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
