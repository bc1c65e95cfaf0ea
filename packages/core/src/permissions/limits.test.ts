import { describe, expect, it } from "vitest";
import { isKeywardError } from "../errors";
import { createKeyward } from "../keyward";
import { memoryStore } from "../memory-store";
import { MAX_PATTERN_SEGMENTS, MAX_PATTERNS, MAX_WILDCARD_PATTERNS } from "./matcher";

// The limits where users meet them: saving a role, creating a scoped key, and stored data.
const exact = (n: number) => Array.from({ length: n }, (_, i) => `content/m${i}/read`);
const wild = (n: number) => Array.from({ length: n }, (_, i) => `w${i}/**`);
const deep = (segments: number) => Array(segments).fill("*").join("/");

async function setup() {
  const store = memoryStore();
  const keyward = createKeyward({ store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["**"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  return { store, keyward };
}

async function refusal(action: Promise<unknown>): Promise<string> {
  const error = await action.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isKeywardError(error, "INVALID_ARGUMENT")).toBe(true);
  return (error as Error).message;
}

const overLimit: Array<[string, string[], RegExp]> = [
  ["patterns", exact(MAX_PATTERNS + 1), /^permissions holds 1001 patterns; at most 1000 are allowed$/],
  [
    "wildcards",
    wild(MAX_WILDCARD_PATTERNS + 1),
    /holds 65 wildcard patterns \(with \* or \*\*\); at most 64/,
  ],
  ["segments", [deep(MAX_PATTERN_SEGMENTS + 1)], /index 0 .*: 17 segments; at most 16 are allowed/],
];

describe("limits at save time", () => {
  it.each(overLimit)(
    "roles.save refuses one over the %s limit, naming it",
    async (_, permissions, message) => {
      const { keyward } = await setup();
      expect(await refusal(keyward.roles.save({ appid: "big", name: "Big", permissions }))).toMatch(message);
      await expect(keyward.roles.get("big")).resolves.toBeNull();
    },
  );

  it.each(overLimit)("keys.create refuses a scope one over the %s limit", async (_, permissions, message) => {
    const { keyward } = await setup();
    expect(await refusal(keyward.keys.create({ userId: "alice", permissions }))).toMatch(message);
  });

  it("accepts a role and a scope exactly at every limit", async () => {
    const { keyward } = await setup();
    const full = [
      ...wild(MAX_WILDCARD_PATTERNS - 1),
      deep(MAX_PATTERN_SEGMENTS),
      ...exact(MAX_PATTERNS - MAX_WILDCARD_PATTERNS),
    ];
    await keyward.roles.save({ appid: "full", name: "Full", permissions: full });
    const { key } = await keyward.keys.create({ userId: "alice", permissions: full });
    const result = await keyward.authenticate(key);
    expect(result.ok && result.principal.can("content/m5/read")).toBe(true);
    expect(result.ok && result.principal.can("w3/x/y")).toBe(true);
  });
});

describe("stored data beyond the limits", () => {
  it("fails closed for a role written to the store directly", async () => {
    const { store, keyward } = await setup();
    await store.saveRole({
      appid: "editor",
      name: "Editor",
      permissions: [...exact(MAX_PATTERNS), "late/read"],
    });
    const { key } = await keyward.keys.create({ userId: "alice" });
    const result = await keyward.authenticate(key);
    expect(result.ok && result.principal.can("content/m1/read")).toBe(true);
    expect(result.ok && result.principal.can("late/read")).toBe(false);

    await store.saveRole({
      appid: "editor",
      name: "Editor",
      permissions: [...wild(MAX_WILDCARD_PATTERNS), "!x/*"],
    });
    const again = await keyward.authenticate(key);
    expect(again.ok && again.principal.can("w1/a")).toBe(false);
    expect(again.ok && again.principal.explain("w1/a")).toEqual({
      allowed: false,
      by: "deny",
      pattern: "!x/*",
    });
  });
});
