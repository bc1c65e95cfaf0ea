import { describe, expectTypeOf, it } from "vitest";
import type { PermissionMatcher } from "./adapter";
import type { Explanation, Principal, RuleDecision } from "./index";

describe("Principal types", () => {
  it("pins the permission API", () => {
    expectTypeOf<Principal["can"]>().toEqualTypeOf<(permission: string) => boolean>();
    expectTypeOf<Principal["canAll"]>().toEqualTypeOf<(permissions: readonly string[]) => boolean>();
    expectTypeOf<Principal["canAny"]>().toEqualTypeOf<(permissions: readonly string[]) => boolean>();
    expectTypeOf<Principal["explain"]>().returns.toEqualTypeOf<Explanation>();
  });

  it("pins Explanation and RuleDecision", () => {
    expectTypeOf<Explanation["by"]>().toEqualTypeOf<
      "superRole" | "pattern" | "deny" | "no-match" | "scope"
    >();
    expectTypeOf<Explanation["pattern"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Explanation["inherited"]>().toEqualTypeOf<true | undefined>();
    expectTypeOf<RuleDecision["effect"]>().toEqualTypeOf<"allow" | "deny" | "none">();
    expectTypeOf<PermissionMatcher["allows"]>().toEqualTypeOf<(permission: string) => boolean>();
  });
});
