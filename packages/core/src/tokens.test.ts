import { describe, expect, it } from "vitest";
import { generateKey, keyKindOf, keyStart } from "./tokens";

describe("generateKey", () => {
  it("makes USR- and API- keys of 40 lowercase hex characters", () => {
    expect(generateKey("user")).toMatch(/^USR-[0-9a-f]{40}$/);
    expect(generateKey("app")).toMatch(/^API-[0-9a-f]{40}$/);
  });

  it("never repeats itself", () => {
    const keys = new Set(Array.from({ length: 2000 }, () => generateKey("user")));
    expect(keys.size).toBe(2000);
  });

  it("uses every hex digit in every position over many keys (no biased alphabet)", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) for (const char of generateKey("app").slice(4)) seen.add(char);
    expect([...seen].sort().join("")).toBe("0123456789abcdef");
  });
});

describe("keyKindOf", () => {
  const hex = "b2a6ef40b2a6ef40b2a6ef40b2a6ef40b2a6ef40";
  it.each([
    [`USR-${hex}`, "user"],
    [`API-${hex}`, "app"],
  ])("accepts %s", (key, kind) => {
    expect(keyKindOf(key)).toBe(kind);
  });

  it.each([
    ["empty string", ""],
    ["prefix alone", "USR-"],
    ["uppercase hex", `USR-${hex.toUpperCase()}`],
    ["lowercase prefix", `usr-${hex}`],
    ["unknown prefix", `KEY-${hex}`],
    ["one character short", `USR-${hex.slice(1)}`],
    ["one character long", `USR-${hex}0`],
    ["10 kB", `USR-${"a".repeat(10_000)}`],
    ["comma inside", `USR-${hex.slice(0, 20)},${hex.slice(21)}`],
    ["space inside", `USR-${hex.slice(0, 20)} ${hex.slice(21)}`],
    ["leading space", ` USR-${hex.slice(1)}`],
    ["JWT shape", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"],
    ["non-hex letter", `USR-${hex.slice(0, 39)}g`],
    ["unicode digit", `USR-${hex.slice(0, 39)}٣`],
  ])("rejects %s", (_label, key) => {
    expect(keyKindOf(key)).toBeNull();
  });

  it.each([null, undefined, 42, {}, ["USR-"]])("rejects non-string %j", (value) => {
    expect(keyKindOf(value)).toBeNull();
  });
});

describe("keyStart", () => {
  it("shows the prefix and 8 hex characters, no more", () => {
    expect(keyStart("USR-b2a6ef40ffffffffffffffffffffffffffffffff")).toBe("USR-b2a6ef40");
  });
});
