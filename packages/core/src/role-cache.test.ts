import { describe, expect, it } from "vitest";
import { MAX_PATTERNS, MAX_WILDCARD_PATTERNS } from "./permissions/matcher";
import { RoleMatcherCache } from "./role-cache";

describe("RoleMatcherCache.matcherFor", () => {
  it("compiles a role once and again only when its patterns change", () => {
    const cache = new RoleMatcherCache();
    const first = cache.matcherFor({ appid: "editor", name: "E", permissions: ["a/*"] });
    // A store returns a fresh array each time: equal patterns must still hit the cache.
    expect(cache.matcherFor({ appid: "editor", name: "Renamed", permissions: ["a/*"] })).toBe(first);
    const changed = cache.matcherFor({ appid: "editor", name: "E", permissions: ["b/*"] });
    expect(changed).not.toBe(first);
    expect(changed.allows("b/x")).toBe(true);
    expect(changed.allows("a/x")).toBe(false);
  });

  it("is not fooled by a caller mutating the array it passed", () => {
    const cache = new RoleMatcherCache();
    const permissions = ["a"];
    const first = cache.matcherFor({ appid: "r", name: "R", permissions });
    permissions[0] = "b";
    const second = cache.matcherFor({ appid: "r", name: "R", permissions });
    expect(second).not.toBe(first);
    expect(second.allows("b")).toBe(true);
  });

  it("forgets a removed role", () => {
    const cache = new RoleMatcherCache();
    const role = { appid: "r", name: "R", permissions: ["a"] };
    const first = cache.matcherFor(role);
    cache.forget("r");
    expect(cache.matcherFor(role)).not.toBe(first);
  });

  it("keys roles by appid in a Map: __proto__ is an ordinary role", () => {
    const cache = new RoleMatcherCache();
    expect(cache.matcherFor({ appid: "__proto__", name: "P", permissions: ["p"] }).allows("p")).toBe(true);
    expect(cache.matcherFor({ appid: "constructor", name: "C", permissions: [] }).allows("p")).toBe(false);
  });
});

describe("RoleMatcherCache.scopeMatcherFor", () => {
  it("compiles a key's scope once, and again when the stored scope differs", () => {
    const cache = new RoleMatcherCache();
    const a = cache.scopeMatcherFor("k1", ["content/*/read"]);
    expect(cache.scopeMatcherFor("k1", ["content/*/read"])).toBe(a);
    expect(cache.scopeMatcherFor("k1", ["content/*/read", "x"])).not.toBe(a);
    expect(cache.scopeMatcherFor("k2", ["content/*/read"])).not.toBe(a);
  });

  it("costs the same whatever the scope's size: the patterns are not walked on a hit", () => {
    const cache = new RoleMatcherCache();
    const big = Array.from({ length: MAX_PATTERNS }, (_, i) => `content/m${i}/read`);
    const matcher = cache.scopeMatcherFor("k", big);
    // A proxy that counts element reads: a hit may look at the ends only.
    let reads = 0;
    const counted = new Proxy([...big], {
      get(target, property, receiver) {
        if (typeof property === "string" && /^\d+$/.test(property)) reads++;
        return Reflect.get(target, property, receiver);
      },
    });
    expect(cache.scopeMatcherFor("k", counted)).toBe(matcher);
    expect(reads).toBeLessThanOrEqual(2);
  });

  it("keeps a bounded number of patterns, dropping the least recently used keys", () => {
    const cache = new RoleMatcherCache();
    const big = (tag: string) => Array.from({ length: MAX_PATTERNS }, (_, i) => `${tag}/m${i}`);
    const kept = cache.scopeMatcherFor("kept", ["kept"]);
    const dropped = cache.scopeMatcherFor("dropped", ["dropped"]);
    for (let i = 0; i < 40; i++) {
      cache.scopeMatcherFor(`big${i}`, big(`b${i}`));
      expect(cache.scopeMatcherFor("kept", ["kept"])).toBe(kept);
    }
    // 40 scopes of 1000 patterns do not fit: the untouched one went, the used one stayed.
    expect(cache.scopeMatcherFor("dropped", ["dropped"])).not.toBe(dropped);
    expect(cache.scopeMatcherFor("big0", big("b0"))).not.toBe(cache.scopeMatcherFor("big39", big("b39")));
  });
});

describe("RoleMatcherCache: stored lists beyond the limits fail closed", () => {
  // Data saved before the limits existed, or written to the store directly, never passed validation.
  const exact = Array.from({ length: MAX_PATTERNS }, (_, i) => `content/m${i}/read`);
  const wild = Array.from({ length: MAX_WILDCARD_PATTERNS }, (_, i) => `w${i}/*`);

  it("a role grants nothing past the limits, and an unusable deny voids it", () => {
    const cache = new RoleMatcherCache();
    const long = cache.matcherFor({ appid: "long", name: "L", permissions: [...exact, "late/read"] });
    expect(long.allows("content/m0/read")).toBe(true);
    expect(long.allows("late/read")).toBe(false);
    const voided = cache.matcherFor({ appid: "v", name: "V", permissions: [...exact, "!content/m0/read"] });
    expect(voided.allows("content/m1/read")).toBe(false);
    expect(voided.decide("content/m1/read")).toEqual({ effect: "deny", pattern: "!content/m0/read" });
  });

  it("a scope allows nothing past the wildcard limit, and an unusable deny voids it", () => {
    const cache = new RoleMatcherCache();
    const scope = cache.scopeMatcherFor("k1", [...wild, "late/*"]);
    expect(scope.allows("w0/x")).toBe(true);
    expect(scope.allows("late/x")).toBe(false);
    expect(cache.scopeMatcherFor("k2", [...wild, "!late/*"]).allows("w0/x")).toBe(false);
  });
});
