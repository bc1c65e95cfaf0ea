import { describe, expect, it } from "vitest";
import { fnv1a64Hex, ifMatchHolds, keyEtag, requireIfMatch } from "./key-etag";

/** The textbook definition on BigInt, to pin the 16-bit-limb version against. */
function fnv1a64Reference(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

const HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

describe("fnv1a64Hex", () => {
  it.each([
    ["", "cbf29ce484222325"],
    ["a", "af63dc4c8601ec8c"],
    ["foobar", "85944171f73967e8"],
  ])("matches the published vector for %j", (input, expected) => {
    expect(fnv1a64Hex(input)).toBe(expected);
  });

  it("matches the BigInt definition on hashes, revocation times and non-ASCII text", () => {
    for (const input of [HASH, `${HASH}:`, `${HASH}:1767225600000`, "é€😀", "\u0000\uffff"]) {
      expect(fnv1a64Hex(input)).toBe(fnv1a64Reference(input));
    }
  });
});

describe("keyEtag", () => {
  it("is a quoted strong tag of 16 hex characters that reveals no part of the hash", () => {
    const etag = keyEtag({ hash: HASH, revokedAt: null });
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const hex = etag.slice(1, -1);
    for (let i = 0; i + 8 <= hex.length; i++) expect(HASH).not.toContain(hex.slice(i, i + 8));
  });

  it("changes with the secret and with revocation, and is the same for the same state", () => {
    const live = keyEtag({ hash: HASH, revokedAt: null });
    expect(keyEtag({ hash: HASH, revokedAt: null })).toBe(live);
    expect(keyEtag({ hash: HASH.replace(/.$/, "9"), revokedAt: null })).not.toBe(live);
    const revoked = keyEtag({ hash: HASH, revokedAt: new Date(0) });
    expect(revoked).not.toBe(live);
    expect(keyEtag({ hash: HASH, revokedAt: new Date(1) })).not.toBe(revoked);
  });
});

describe("ifMatch", () => {
  const etag = keyEtag({ hash: HASH, revokedAt: null });

  it.each([
    ["*", true],
    [etag, true],
    [[`"0000000000000000"`, etag], true],
    [`W/${etag}`, false],
    [etag.slice(1, -1), false],
    [[], false],
  ] as const)("%j holds: %s", (ifMatch, holds) => {
    expect(ifMatchHolds(etag, requireIfMatch(ifMatch)!)).toBe(holds);
  });

  it.each([42, null, [etag, 7], { etag }])("rejects %j with INVALID_ARGUMENT", (value) => {
    expect(() => requireIfMatch(value)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
  });
});
