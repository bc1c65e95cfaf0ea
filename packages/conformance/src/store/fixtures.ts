import type { KeywardStore, StoredKey } from "@keyward/core";
import { createKeyward, type Keyward } from "@keyward/core";

const HEX = "0123456789abcdef";

/**
 * A random lowercase hex string, for fake hashes and secrets.
 * @param length - number of hex characters
 */
export function randomHex(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const byte of bytes) out += HEX[byte & 15]!;
  return out;
}

/** A fixed instant with a non-zero millisecond part, so a store that drops milliseconds fails. */
export const T0 = new Date("2024-03-05T07:08:09.123Z");

/**
 * `T0` plus an offset.
 * @param ms - milliseconds after `T0`
 */
export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

/**
 * A stored user key with a random id and hash; override any field.
 * @param overrides - fields to replace
 */
export function userKey(overrides: Partial<StoredKey> = {}): StoredKey {
  const secret = randomHex(40);
  return {
    id: crypto.randomUUID(),
    kind: "user",
    start: `USR-${secret.slice(0, 8)}`,
    userId: "alice",
    role: null,
    name: null,
    permissions: null,
    expiresAt: null,
    createdAt: T0,
    lastUsedAt: null,
    revokedAt: null,
    hash: randomHex(64),
    ...overrides,
  };
}

/**
 * A stored app key with a random id and hash; override any field.
 * @param overrides - fields to replace
 */
export function appKey(overrides: Partial<StoredKey> = {}): StoredKey {
  return userKey({ kind: "app", start: `API-${randomHex(8)}`, userId: null, role: "reader", ...overrides });
}

/** A controllable clock for `createKeyward({ now })`. */
export interface TestClock {
  readonly now: () => Date;
  /** Moves the clock forward. */
  advance(ms: number): void;
}

/** A clock starting at `T0`. */
export function testClock(): TestClock {
  let current = T0.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

/**
 * A keyward instance over `store` with a role `editor`, a user `alice` holding it, and an injected
 * clock.
 * @param store - the store under test
 * @param clock - the clock to use
 */
export async function seededKeyward(store: KeywardStore, clock: TestClock = testClock()): Promise<Keyward> {
  const keyward = createKeyward({ store, now: clock.now });
  await keyward.roles.save({
    appid: "editor",
    name: "Editor",
    permissions: ["content/posts/read", "content/*/update"],
  });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  return keyward;
}

/**
 * Runs `call` and returns the code of the `KeywardError` it threw, or fails when it did not throw.
 * @param call - the operation expected to fail
 */
export async function errorOf(call: () => unknown): Promise<{ code: unknown; message: string }> {
  try {
    await call();
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code, message: String(message) };
  }
  throw new Error("conformance: expected the call to throw, but it succeeded");
}
