import { describe, expect, it } from "vitest";
import { attachAdapterAccess } from "../adapter-access";
import { createKeyward } from "../keyward";
import { memoryStore } from "../memory-store";
import type { KeywardStore } from "../store";
import { DEFAULT_CREDENTIAL_SOURCES } from "./credential-sources";
import type { RequestCredentials } from "./credentials";
import { resolveRequestAuth, validateRequestAuthOptions } from "./resolve-auth";

const none: RequestCredentials = { apiKey: [], authorization: [], queryKey: [] };
const withKey = (key: string): RequestCredentials => ({ ...none, apiKey: [key] });

async function setup(store: KeywardStore = memoryStore()) {
  let now = new Date("2030-01-01T00:00:00Z");
  const keyward = createKeyward({ store, now: () => now, storeTimeoutMs: 50 });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["posts/read"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["posts/read"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  await keyward.users.save({ id: "bob", role: "editor", active: true });
  const alice = await keyward.keys.create({ userId: "alice" });
  const bob = await keyward.keys.create({ userId: "bob" });
  const expiring = await keyward.keys.create({
    userId: "alice",
    expiresAt: new Date("2030-01-01T00:01:00Z"),
  });
  const revoked = await keyward.keys.create({ userId: "alice" });
  await keyward.keys.revoke(revoked.record.id);
  const refreshed = await keyward.keys.create({ userId: "alice" });
  await keyward.keys.refresh(refreshed.record.id);
  await keyward.users.save({ id: "bob", role: "editor", active: false });
  now = new Date("2030-01-01T00:02:00Z");
  return { keyward, alice, bob, expiring, revoked, refreshed };
}

describe("resolveRequestAuth", () => {
  it("gives the principal of a valid key", async () => {
    const { keyward, alice } = await setup();
    const outcome = await resolveRequestAuth(keyward, withKey(alice.key));
    expect(outcome.ok && outcome.principal?.userId).toBe("alice");
  });

  it("answers byte-identical 401s for every kind of bad key", async () => {
    const { keyward, bob, expiring, revoked, refreshed } = await setup();
    const bad = ["", "nonsense", `USR-${"0".repeat(40)}`, bob.key, expiring.key, revoked.key, refreshed.key];
    const answers = await Promise.all(bad.map((key) => resolveRequestAuth(keyward, withKey(key))));
    for (const outcome of answers) {
      expect(outcome.ok).toBe(false);
      if (outcome.ok) continue;
      expect(outcome.answer.status).toBe(401);
      expect(outcome.answer.headers).toEqual({
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
        "www-authenticate": 'Bearer realm="keyward", error="invalid_token"',
      });
      expect(outcome.answer.body).toBe('{"error":"Authentication failed"}');
    }
    // The same answer; only the app learns why, for its logs.
    expect(answers.map((outcome) => !outcome.ok && outcome.detail)).toEqual([
      "malformed",
      "malformed",
      "unknown",
      "owner_inactive",
      "expired",
      "revoked",
      "unknown",
    ]);
  });

  it("never lets a bad key fall back to the public role, even when optional", async () => {
    const { keyward } = await setup();
    await keyward.settings.setPublicRole("public");
    const outcome = await resolveRequestAuth(keyward, withKey("nonsense"), { optional: true });
    expect(outcome.ok).toBe(false);
    const anonymous = await resolveRequestAuth(keyward, none);
    expect(anonymous.ok && anonymous.principal?.kind).toBe("public");
  });

  it("asks for a key without a public role, or lets it through unauthenticated when optional", async () => {
    const { keyward } = await setup();
    const refused = await resolveRequestAuth(keyward, none);
    expect(!refused.ok && refused.answer.body).toBe('{"error":"Authentication required"}');
    expect(!refused.ok && refused.answer.headers["www-authenticate"]).toBe('Bearer realm="keyward"');
    const optional = await resolveRequestAuth(keyward, none, { optional: true });
    expect(optional).toEqual({ ok: true, principal: undefined });
  });

  it("answers 503 with Retry-After when the store fails or hangs, never 401 or public", async () => {
    const broken = memoryStore();
    const { keyward, alice } = await setup(broken);
    await keyward.settings.setPublicRole("public");
    broken.findKeyByHash = () => Promise.reject(new Error("connection refused"));
    broken.lookupKey = () => Promise.reject(new Error("connection refused"));
    broken.getPublicRole = () => new Promise(() => {});
    for (const credentials of [withKey(alice.key), none]) {
      const outcome = await resolveRequestAuth(keyward, credentials, { retryAfterSeconds: 7 });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) continue;
      expect(outcome.answer.status).toBe(503);
      expect(outcome.answer.headers["retry-after"]).toBe("7");
      expect(outcome.answer.body).toBe('{"error":"Service unavailable"}');
      expect(outcome.answer.body).not.toContain(alice.key);
    }
  });

  it("answers 503 when authentication throws synchronously", async () => {
    const { keyward } = await setup();
    const throwing = attachAdapterAccess(
      { ...keyward },
      {
        authenticateAwaitable: () => {
          throw new Error("boom");
        },
      },
    );
    const outcome = await resolveRequestAuth(throwing, withKey("x"));
    expect(!outcome.ok && outcome.answer.status).toBe(503);
  });

  it("validates options eagerly", () => {
    expect(() => validateRequestAuthOptions({ optional: "yes" }, "apiKeyAuth")).toThrow(
      /optional must be a boolean/,
    );
    expect(() => validateRequestAuthOptions({ retryAfterSeconds: -1 }, "apiKeyAuth")).toThrow(
      /retryAfterSeconds/,
    );
    expect(validateRequestAuthOptions(undefined, "apiKeyAuth")).toEqual({
      sources: DEFAULT_CREDENTIAL_SOURCES,
    });
  });
});
