import { isThenable } from "./flow";
import type { KeywardStore } from "./store";
import type { StoreCall } from "./store-guard";

/** A scheduled delivery that has not run after this long is taken as dropped by the runtime. */
const LOST_TIMER_MS = 1000;

/** Keys whose use is remembered before a write is forced; bounds memory under a flood of keys. */
const MAX_PENDING = 10_000;

/**
 * Writes `lastUsedAt` behind the request path. Authentication only notes that a key was used; the
 * store write happens on a later turn of the event loop, batched per key, so a slow or locked
 * store costs the request nothing, and a failed write is dropped (the timestamp is best effort).
 * Reads of key records call {@link UsageRecorder.flush} first, so this process reads its own
 * writes.
 */
export class UsageRecorder {
  readonly #store: KeywardStore;
  readonly #call: StoreCall;
  #pending = new Map<string, number>();
  /**
   * When the pending delivery was scheduled, or `null`. A runtime may drop a timer (workerd drops a
   * finished request's timers): a schedule older than {@link LOST_TIMER_MS} is taken as lost and
   * made again, so nothing waits forever.
   */
  #scheduledAt: number | null = null;

  /**
   * @param store - where `touchKey` writes
   * @param call - the guarded store call (timeouts, error mapping)
   */
  constructor(store: KeywardStore, call: StoreCall) {
    this.#store = store;
    this.#call = call;
  }

  /**
   * Notes that a key was used at `atMs`. Never blocks and never throws.
   * @param keyId - the key's id
   * @param atMs - when, in epoch milliseconds
   * @returns `false` when a use of this key was already waiting to be written (nothing new to report)
   */
  record(keyId: string, atMs: number): boolean {
    const pending = this.#pending;
    // One hash lookup, not two (`has`, then `set`): this runs on every use until the write lands.
    const size = pending.size;
    pending.set(keyId, atMs);
    const waiting = pending.size === size;
    if (pending.size >= MAX_PENDING) {
      void this.flush();
      return !waiting;
    }
    if (this.#scheduledAt !== null && atMs - this.#scheduledAt < LOST_TIMER_MS) return !waiting;
    this.#scheduledAt = atMs;
    // A macrotask, not a microtask: the request that noted the use has answered by then.
    const timer = setTimeout(() => {
      void this.flush();
    }, 0);
    (timer as { unref?: () => void } | null)?.unref?.();
    return !waiting;
  }

  /** Writes every pending use now; resolves when the writes settled (failures are dropped). */
  async flush(): Promise<void> {
    this.#scheduledAt = null;
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    const writes: Promise<unknown>[] = [];
    for (const [keyId, atMs] of batch) {
      try {
        const pending = this.#call("touchKey", () => this.#store.touchKey(keyId, new Date(atMs)));
        if (isThenable(pending)) writes.push(pending.catch(() => {}));
      } catch {
        // Best effort: a store that cannot record a use now is not retried.
      }
    }
    await Promise.all(writes);
  }
}
