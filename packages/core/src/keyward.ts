import { createSha256Hasher } from "#sha256";
import { attachAdapterAccess } from "./adapter-access";
import { type AuthResult, authenticate, authenticateAwaitable } from "./authenticate";
import { ChangeFeed } from "./cache/change-feed";
import { type CacheOptions, VerifiedKeyCache } from "./cache/verified-key-cache";
import type { KeywardContext } from "./context";
import { KeywardError } from "./errors";
import { EventHub } from "./events/event-hub";
import type { KeywardEvent, KeywardEventListener } from "./events/types";
import type { KeyHasher } from "./hash/key-hasher";
import { createKeysApi, type KeysApi } from "./keys-api";
import { RoleMatcherCache } from "./role-cache";
import { createRolesApi, type RolesApi } from "./roles-api";
import { createSettingsApi, type SettingsApi } from "./settings-api";
import type { KeywardStore } from "./store";
import { createStoreCall } from "./store-guard";
import { UsageRecorder } from "./usage-recorder";
import { createUsersApi, type UsersApi } from "./users-api";

/** Options of {@link createKeyward}. */
export interface KeywardOptions {
  /** Where keys, roles, users and settings live. Required. */
  readonly store: KeywardStore;
  /**
   * A server-side secret: keys are then stored as HMAC-SHA-256 instead of SHA-256, so a leaked
   * database alone cannot be used to check guesses. Changing it invalidates every stored key.
   * Default: none (plain SHA-256).
   */
  readonly pepper?: string;
  /** The clock. Default: `() => new Date()`. Inject one in tests instead of waiting. */
  readonly now?: () => Date;
  /** The role that may do everything, matched exactly. Default: `"admin"`. */
  readonly superRole?: string;
  /**
   * How long one asynchronous store call may take before it fails with `STORE_UNAVAILABLE`.
   * Default: 1000.
   */
  readonly storeTimeoutMs?: number;
  /**
   * When true, authenticated principals also get the public role's permissions. Default: false,
   * as in Cockpit: a key acts with its own role only.
   */
  readonly publicInherits?: boolean;
  /** Replaces the SHA-256 hasher, e.g. with a runtime's native one. It must give identical hashes. */
  readonly hasher?: KeyHasher;
  /**
   * Receives every event (keys created, refreshed, revoked and used; roles, users and the public
   * role changed; failed authentications with their reason). Delivered off the request path: what
   * it throws, rejects or how long it takes never changes an answer. Same as
   * `keyward.events.subscribe(onEvent)`.
   */
  readonly onEvent?: KeywardEventListener;
  /** Told when an event listener throws or rejects. Default: the error is dropped. */
  readonly onEventError?: (error: unknown, event: KeywardEvent) => void;
  /**
   * Keep verified keys in memory for `ttlMs`, so most authentications cost no store round trip.
   * Off by default (a memory or SQLite store gains nothing). Every change made through this
   * instance drops what it affects at once; with a `bus`, changes made through other instances do
   * too, and while the bus is down the cache is not used at all. Without a bus, another instance's
   * revocation is seen within `ttlMs`.
   * @example `cache: { ttlMs: 60_000, maxEntries: 10_000, bus: redisBus(client) }`
   */
  readonly cache?: CacheOptions;
  /** Told when the cache's bus cannot be followed or a change cannot be published. */
  readonly onCacheError?: (error: unknown) => void;
}

/** Subscribing to a keyward instance's events. */
export interface EventsApi {
  /**
   * Adds a listener; returns the function that removes it.
   * @example
   * ```ts
   * const stop = keyward.events.subscribe((event) => {
   *   if (event.type === "auth.failed") metrics.increment(`auth_failed.${event.reason}`);
   * });
   * ```
   */
  subscribe(listener: KeywardEventListener): () => void;
  /** Delivers queued events now (they are otherwise delivered on the next turn of the event loop). */
  flush(): void;
}

/** A keyward instance: authentication plus the management APIs. */
export interface Keyward {
  /**
   * Authenticates a key, or the absence of one (`null`).
   * @example
   * ```ts
   * const result = await keyward.authenticate(request.headers.get("api-key"));
   * if (!result.ok) return unauthorized(result.reason);
   * ```
   */
  authenticate(key: string | null | undefined): Promise<AuthResult>;
  readonly keys: KeysApi;
  readonly roles: RolesApi;
  readonly users: UsersApi;
  readonly settings: SettingsApi;
  /** Events: what changed, who changed it, and why authentications failed. */
  readonly events: EventsApi;
  /** The super role's appid. */
  readonly superRole: string;
  /** The store this instance uses. */
  readonly store: KeywardStore;
  /**
   * Writes what is still waiting (`lastUsedAt`), delivers queued events and stops following the
   * cache's bus. Call it on shutdown; the store itself stays open (it is yours).
   */
  close(): Promise<void>;
}

function validateCache(cache: unknown): CacheOptions | undefined {
  if (cache === undefined) return undefined;
  const fail = (message: string): never => {
    throw new KeywardError("INVALID_ARGUMENT", `createKeyward: cache.${message}`);
  };
  if (typeof cache !== "object" || cache === null) fail("must be an object ({ ttlMs, maxEntries })");
  const { ttlMs, maxEntries, maxNegativeEntries, bus } = cache as Record<string, unknown>;
  const positiveInteger = (name: string, value: unknown, optional: boolean) => {
    if (optional && value === undefined) return;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
      fail(`${name} must be a positive integer`);
    }
  };
  positiveInteger("ttlMs", ttlMs, false);
  positiveInteger("maxEntries", maxEntries, false);
  positiveInteger("maxNegativeEntries", maxNegativeEntries, true);
  if (bus !== undefined) {
    const candidate = bus as Record<string, unknown> | null;
    if (typeof candidate?.publish !== "function" || typeof candidate.subscribe !== "function") {
      fail("bus must have publish() and subscribe()");
    }
  }
  return cache as CacheOptions;
}

function requireStore(store: unknown): KeywardStore {
  const methods = [
    "findKeyByHash",
    "insertKey",
    "swapKeySecret",
    "getRole",
    "getUser",
    "getPublicRole",
  ] as const;
  if (typeof store !== "object" || store === null) {
    throw new KeywardError("INVALID_ARGUMENT", "createKeyward: store is required (e.g. memoryStore())");
  }
  for (const method of methods) {
    if (typeof (store as Record<string, unknown>)[method] !== "function") {
      throw new KeywardError("INVALID_ARGUMENT", `createKeyward: store has no ${method}() method`);
    }
  }
  return store as KeywardStore;
}

/**
 * Creates a keyward instance over a store. Options are validated here, once.
 *
 * @example
 * ```ts
 * import { createKeyward, memoryStore } from "@keyward/core";
 *
 * const keyward = createKeyward({ store: memoryStore() });
 * await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
 * await keyward.users.save({ id: "alice", role: "editor", active: true });
 * const { key } = await keyward.keys.create({ userId: "alice" });
 * const result = await keyward.authenticate(key);
 * ```
 */
export function createKeyward(options: KeywardOptions): Keyward {
  if (typeof options !== "object" || options === null) {
    throw new KeywardError("INVALID_ARGUMENT", "createKeyward: options are required ({ store })");
  }
  const store = requireStore(options.store);
  const timeoutMs = options.storeTimeoutMs ?? 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new KeywardError("INVALID_ARGUMENT", "createKeyward: storeTimeoutMs must be a positive number");
  }
  if (options.pepper !== undefined && (typeof options.pepper !== "string" || options.pepper.length === 0)) {
    throw new KeywardError("INVALID_ARGUMENT", "createKeyward: pepper must be a non-empty string");
  }
  const superRole = options.superRole ?? "admin";
  if (typeof superRole !== "string" || superRole.length === 0) {
    throw new KeywardError("INVALID_ARGUMENT", "createKeyward: superRole must be a non-empty string");
  }
  const injectedClock = options.now;
  if (injectedClock !== undefined && typeof injectedClock !== "function") {
    throw new KeywardError("INVALID_ARGUMENT", "createKeyward: now must be a function returning a Date");
  }
  const clock = injectedClock ?? (() => new Date());
  const call = createStoreCall(timeoutMs);
  for (const name of ["onEvent", "onEventError"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new KeywardError("INVALID_ARGUMENT", `createKeyward: ${name} must be a function`);
    }
  }
  const events = new EventHub(options.onEventError);
  if (options.onEvent !== undefined) events.subscribe(options.onEvent);
  const cacheOptions = validateCache(options.cache);
  if (options.onCacheError !== undefined && typeof options.onCacheError !== "function") {
    throw new KeywardError("INVALID_ARGUMENT", "createKeyward: onCacheError must be a function");
  }
  const onCacheError = (error: unknown) => {
    try {
      options.onCacheError?.(error);
    } catch {
      // The hook's own failure must not break a write that already happened.
    }
  };
  const cache = cacheOptions === undefined ? null : new VerifiedKeyCache(cacheOptions);
  const changes = new ChangeFeed(cache, cacheOptions?.bus, onCacheError);
  // The bus is followed in the background; until it confirms, the cache trusts nothing.
  const following = changes.follow().catch((error: unknown) => {
    onCacheError(error);
    return async () => {};
  });
  const ctx: KeywardContext = {
    store,
    call,
    hash: options.hasher ?? createSha256Hasher(options.pepper),
    now: clock,
    nowMs: injectedClock === undefined ? Date.now : () => injectedClock().getTime(),
    superRole,
    publicInherits: options.publicInherits ?? false,
    roleMatchers: new RoleMatcherCache(),
    usage: new UsageRecorder(store, call),
    events,
    cache,
    changes,
  };
  const instance: Keyward = {
    authenticate: (key) => authenticate(ctx, key),
    keys: createKeysApi(ctx),
    roles: createRolesApi(ctx),
    users: createUsersApi(ctx),
    settings: createSettingsApi(ctx),
    events: {
      subscribe: (listener) => {
        if (typeof listener !== "function") {
          throw new KeywardError("INVALID_ARGUMENT", "events.subscribe: the listener must be a function");
        }
        return events.subscribe(listener);
      },
      flush: () => events.deliver(),
    },
    superRole,
    store,
    close: async () => {
      await ctx.usage.flush();
      events.deliver();
      await (await following)();
    },
  };
  return attachAdapterAccess(instance, { authenticateAwaitable: (key) => authenticateAwaitable(ctx, key) });
}
