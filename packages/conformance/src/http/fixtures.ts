import { createKeyward, type Keyward, type KeywardStore, memoryStore } from "@keyward/core";

/** How the wrapped store behaves: normally, failing every call, or never answering. */
export type StoreMode = "ok" | "throw" | "hang";

/** A memory store whose behaviour a test can switch, and whose `getKey` can be held to force races. */
export interface ControlledStore {
  readonly store: KeywardStore;
  mode: StoreMode;
  /** Holds `getKey` answers until `count` calls are waiting, then releases them together. */
  holdGetKey(count: number): void;
}

/** Wraps a memory store so tests can make it fail, hang, or line up concurrent reads. */
export function controlledStore(): ControlledStore {
  const inner = memoryStore();
  let waiting: Array<() => void> = [];
  let holdFor = 0;
  const wrapped: Record<string, unknown> = {};
  const control: ControlledStore = {
    mode: "ok",
    holdGetKey(count) {
      holdFor = count;
      waiting = [];
    },
    store: wrapped as unknown as KeywardStore,
  };
  for (const [name, value] of Object.entries(inner)) {
    if (typeof value !== "function") continue;
    const method = value as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      if (control.mode === "throw") throw new Error("connection refused (conformance)");
      if (control.mode === "hang") return new Promise(() => {});
      const result = method.apply(inner, args);
      if (name !== "getKey" || holdFor === 0) return result;
      // Line concurrent reads up: each waits until `holdFor` of them have read, then all go on.
      return new Promise((resolve) => {
        waiting.push(() => resolve(result));
        if (waiting.length >= holdFor) {
          holdFor = 0;
          for (const release of waiting) release();
          waiting = [];
        }
      });
    };
  }
  return control;
}

/** The timeout the suite gives the store; a hanging store must be answered 503 within this + 250 ms. */
export const STORE_TIMEOUT_MS = 150;

/** The keys and handles of one test's world. */
export interface World {
  readonly keyward: Keyward;
  readonly control: ControlledStore;
  /** Moves the injected clock. */
  advance(ms: number): void;
  readonly keys: {
    /** admin user key (super role). */
    readonly admin: string;
    /** alice, editor: content/posts/read + create, content/pages/read. */
    readonly alice: string;
    readonly aliceId: string;
    /** an app key with the reader role: content/posts/read only. */
    readonly app: string;
    /** alice's key narrowed to content/posts/read. */
    readonly scoped: string;
    /** alice's key that expires one minute after the start. */
    readonly expiring: string;
    readonly revoked: string;
    /** the old secret of a refreshed key. */
    readonly refreshedAway: string;
    /** a key of an inactive user. */
    readonly inactiveOwner: string;
    /** well-formed but never issued. */
    readonly unknown: string;
    readonly malformed: string;
  };
}

/**
 * Builds a fresh world: roles `editor`, `reader`, `public`, users `root` (admin), `alice` (editor),
 * `ivan` (editor, made inactive), and one key of each kind the table needs. No public role is set.
 */
export async function createWorld(): Promise<World> {
  let now = Date.parse("2030-01-01T00:00:00Z");
  const control = controlledStore();
  const keyward = createKeyward({
    store: control.store,
    now: () => new Date(now),
    storeTimeoutMs: STORE_TIMEOUT_MS,
  });
  await keyward.roles.save({
    appid: "editor",
    name: "Editor",
    permissions: ["content/posts/read", "content/posts/create", "content/pages/read"],
  });
  await keyward.roles.save({ appid: "reader", name: "Reader", permissions: ["content/posts/read"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "root", role: "admin", active: true });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  await keyward.users.save({ id: "ivan", role: "editor", active: true });
  const admin = await keyward.keys.create({ userId: "root" });
  const alice = await keyward.keys.create({ userId: "alice" });
  const app = await keyward.keys.create({ role: "reader", name: "website" });
  const scoped = await keyward.keys.create({ userId: "alice", permissions: ["content/posts/read"] });
  const expiring = await keyward.keys.create({ userId: "alice", expiresAt: new Date(now + 60_000) });
  const revoked = await keyward.keys.create({ userId: "alice" });
  await keyward.keys.revoke(revoked.record.id);
  const refreshed = await keyward.keys.create({ userId: "alice" });
  await keyward.keys.refresh(refreshed.record.id);
  const inactive = await keyward.keys.create({ userId: "ivan" });
  await keyward.users.save({ id: "ivan", role: "editor", active: false });
  return {
    keyward,
    control,
    advance: (ms) => {
      now += ms;
    },
    keys: {
      admin: admin.key,
      alice: alice.key,
      aliceId: alice.record.id,
      app: app.key,
      scoped: scoped.key,
      expiring: expiring.key,
      revoked: revoked.key,
      refreshedAway: refreshed.key,
      inactiveOwner: inactive.key,
      unknown: `USR-${"0123456789".repeat(4)}`,
      malformed: "USR-not-a-key",
    },
  };
}
