/**
 * What changed, as instances tell each other. Carries ids only: never a key, a hash or permissions.
 * - `key`: a key was refreshed or revoked.
 * - `user`: a user was saved (role, active) or removed.
 * - `role`: a role was saved or removed.
 * - `settings`: the public role changed.
 * - `created`: a key was created or imported (answers "unknown key" remembered elsewhere may be stale).
 * - `all`: anything else; drop everything.
 */
export type InvalidationMessage =
  | { readonly type: "key"; readonly keyId: string }
  | { readonly type: "user"; readonly userId: string }
  | { readonly type: "role"; readonly appid: string }
  | { readonly type: "settings" }
  | { readonly type: "created" }
  | { readonly type: "all" };

/**
 * Carries invalidations between instances that share a store, so a key revoked through one is
 * refused by all of them at once. `@keyward/redis` (pub/sub) and `@keyward/postgres`
 * (`LISTEN`/`NOTIFY`) provide one; `memoryBus()` connects instances in one process.
 *
 * A cache that uses a bus trusts its entries only while the bus reports itself connected: the
 * implementation must call `onStatus(false)` as soon as it may have missed a message (connection
 * lost, subscription not yet confirmed) and `onStatus(true)` once it is subscribed again.
 */
export interface InvalidationBus {
  /** Sends a message to every subscribed instance (this one included, or not: both are fine). */
  publish(message: InvalidationMessage): Promise<void>;
  /**
   * Starts listening. Resolves once subscribed, with the function that stops listening.
   * @param onMessage - called for every message received
   * @param onStatus - called with `false` whenever messages may be missed, `true` when they no longer are
   */
  subscribe(
    onMessage: (message: InvalidationMessage) => void,
    onStatus: (connected: boolean) => void,
  ): Promise<() => Promise<void>>;
}

/**
 * Parses a message received from a bus; `null` for anything that is not one (a bus carries text,
 * and anything else on its channel must not crash the listener).
 * @param text - the message as sent on the wire
 */
export function parseInvalidation(text: string): InvalidationMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case "key":
      return typeof message.keyId === "string" ? { type: "key", keyId: message.keyId } : null;
    case "user":
      return typeof message.userId === "string" ? { type: "user", userId: message.userId } : null;
    case "role":
      return typeof message.appid === "string" ? { type: "role", appid: message.appid } : null;
    case "settings":
    case "created":
    case "all":
      return { type: message.type };
    default:
      return null;
  }
}

/**
 * A bus connecting the instances of one process (tests, or several keyward instances in one app).
 * Messages are delivered synchronously to every subscriber.
 * @example
 * ```ts
 * const bus = memoryBus();
 * const a = createKeyward({ store, cache: { ttlMs: 60_000, maxEntries: 10_000, bus } });
 * const b = createKeyward({ store, cache: { ttlMs: 60_000, maxEntries: 10_000, bus } });
 * ```
 */
export function memoryBus(): InvalidationBus & { setConnected(connected: boolean): void } {
  const listeners = new Set<{
    onMessage: (m: InvalidationMessage) => void;
    onStatus: (c: boolean) => void;
  }>();
  let connected = true;
  return {
    async publish(message) {
      if (!connected) throw new Error("memoryBus: disconnected");
      for (const listener of listeners) listener.onMessage(message);
    },
    async subscribe(onMessage, onStatus) {
      const listener = { onMessage, onStatus };
      listeners.add(listener);
      onStatus(connected);
      return async () => {
        listeners.delete(listener);
      };
    },
    /** Simulates losing (and regaining) the connection: subscribers are told, publishes fail. */
    setConnected(next) {
      connected = next;
      for (const listener of listeners) listener.onStatus(next);
    },
  };
}
