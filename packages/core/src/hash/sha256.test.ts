import { describe, expect, it } from "vitest";
import { createSha256Hasher as nodeHasher } from "./sha256-node";
import { createSha256Hasher as webHasher } from "./sha256-web";

// Published vectors (FIPS 180-2 "abc", RFC 4231 test case 2) pin the algorithms; the key vectors pin
// what keyward stores, so a change of encoding or algorithm cannot slip through unnoticed.
const PLAIN = [
  ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  [
    "USR-b2a6ef40b2a6ef40b2a6ef40b2a6ef40b2a6ef40",
    "13a6164d94ec335a9dfe3b43b529c49ccf23cc99013fdad46255e987a04dd501",
  ],
  [
    "API-0123456789abcdef0123456789abcdef01234567",
    "e61ec2fe2e974ef1a1db39865bba475bddeb513c8362827b2afac84453724c0f",
  ],
] as const;

const PEPPERED = [
  [
    "Jefe",
    "what do ya want for nothing?",
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  ],
  [
    "pepper-2026",
    "USR-b2a6ef40b2a6ef40b2a6ef40b2a6ef40b2a6ef40",
    "5b3f35410c16b4a8ad9f7c396f1a7dd1e0e1395efeda8dcd6c0467294c2dfb75",
  ],
  [
    "pepper-2026",
    "API-0123456789abcdef0123456789abcdef01234567",
    "ef3b9e36fc4654441803bcd6c9a254fd2c32c021e2f5f09f6dbe8dfb67c4ae2f",
  ],
] as const;

describe.each([
  ["node", nodeHasher],
  ["web", webHasher],
])("the %s SHA-256 hasher", (_name, createHasher) => {
  it.each(PLAIN)("hashes %s to its vector", async (input, expected) => {
    expect(await createHasher()(input)).toBe(expected);
  });

  it.each(PEPPERED)("HMACs with pepper %s to its vector", async (pepper, input, expected) => {
    expect(await createHasher(pepper)(input)).toBe(expected);
  });

  it("gives different hashes with and without a pepper", async () => {
    const key = PLAIN[1][0];
    expect(await createHasher("p")(key)).not.toBe(await createHasher()(key));
  });
});

describe("the node hasher", () => {
  it("answers synchronously, so authentication needs no microtask for hashing", () => {
    expect(typeof nodeHasher()("abc")).toBe("string");
    expect(typeof nodeHasher("pepper")("abc")).toBe("string");
  });

  it("agrees with the web hasher on non-ASCII input (UTF-8 on both sides)", async () => {
    const input = "USR-é✓😀";
    expect(nodeHasher()(input)).toBe(await webHasher()(input));
    expect(nodeHasher("ü")(input)).toBe(await webHasher("ü")(input));
  });
});
