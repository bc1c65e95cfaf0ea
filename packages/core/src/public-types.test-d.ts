import { describe, expectTypeOf, it } from "vitest";
import {
  type AuthResult,
  createKeyward,
  type Explanation,
  type IssuedKey,
  type KeyRecord,
  type Keyward,
  type KeywardError,
  type KeywardErrorCode,
  memoryStore,
  type Principal,
} from "./index";

describe("public types", () => {
  const keyward = createKeyward({ store: memoryStore() });

  it("authenticate takes a key or null and resolves to a discriminated result", () => {
    expectTypeOf(keyward).toEqualTypeOf<Keyward>();
    expectTypeOf(keyward.authenticate).parameter(0).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(keyward.authenticate).returns.resolves.toEqualTypeOf<AuthResult>();
    const result = {} as AuthResult;
    if (result.ok) expectTypeOf(result.principal).toEqualTypeOf<Principal>();
    else expectTypeOf(result.reason).toEqualTypeOf<"missing" | "invalid" | "inactive">();
  });

  it("a principal exposes identity and checks", () => {
    expectTypeOf<Principal["kind"]>().toEqualTypeOf<"user" | "app" | "public">();
    expectTypeOf<Principal["userId"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Principal["can"]>().returns.toEqualTypeOf<boolean>();
    expectTypeOf<Principal["explain"]>().returns.toEqualTypeOf<Explanation>();
  });

  it("keys return records that have no secret fields", () => {
    expectTypeOf(keyward.keys.create).returns.resolves.toEqualTypeOf<IssuedKey>();
    expectTypeOf<IssuedKey["key"]>().toBeString();
    expectTypeOf<KeyRecord>().not.toHaveProperty("hash");
    expectTypeOf<KeyRecord["expiresAt"]>().toEqualTypeOf<Date | null>();
    expectTypeOf<KeyRecord["etag"]>().toEqualTypeOf<string>();
  });

  it("errors carry a closed set of codes", () => {
    expectTypeOf<KeywardError["code"]>().toEqualTypeOf<KeywardErrorCode>();
    expectTypeOf<KeywardErrorCode>().toEqualTypeOf<
      "STORE_UNAVAILABLE" | "NOT_FOUND" | "CONFLICT" | "INVALID_ARGUMENT" | "PRECONDITION_FAILED"
    >();
  });

  it("rejects wrong uses at compile time", () => {
    // @ts-expect-error: a store is required
    createKeyward({});
    // @ts-expect-error: a number is not a key
    void keyward.authenticate(42);
    // @ts-expect-error: create needs an object
    void keyward.keys.create("alice");
  });
});
