/** A key id and the `lastUsedAt` to record for it, in ms since the epoch. */
export type Touch = readonly [id: string, atMs: number];

/** What a {@link TouchQueue} writes with, and how much it may hold. */
export interface TouchQueueOptions {
  /**
   * Writes every touch (all or none), or throws what the database threw. `wait` is false for the
   * write at use time and for retries, which must never wait for a lock; true only for the final
   * flush, which may wait the store's (bounded) busy timeout.
   */
  readonly write: (touches: readonly Touch[], wait: boolean) => void;
  /** Whether an error means "locked by another connection, try again later". */
  readonly isBusy: (error: unknown) => boolean;
  /** Most keys held back at once. Default 10,000. */
  readonly limit?: number;
  /** How long to wait before retrying a write that found the database locked, in ms. Default 1000. */
  readonly retryMs?: number;
  /** Most touches written in one transaction, so that one flush holds the event loop briefly. Default 1000. */
  readonly batch?: number;
}

/** `lastUsedAt` writes that never wait for a lock. */
export interface TouchQueue {
  /**
   * Records that key `id` was used at `atMs`. Writes it at once when the database is free; when
   * another connection holds the lock, keeps it and retries on a timer instead of waiting. Throws
   * only errors other than a lock (the caller treats touching as best effort).
   */
  touch(id: string, atMs: number): void;
  /** Writes what is held back, waiting (bounded) for a lock; drops what still cannot be written. */
  flush(): void;
  /** How many keys are held back. */
  readonly size: number;
}

/**
 * A bounded write-behind queue for `lastUsedAt`.
 *
 * Dropping a touch (queue full, or a write that failed for another reason than a lock) loses
 * little: the key's stored `lastUsedAt` stays stale, so core touches it again on its next use.
 * @param options - see {@link TouchQueueOptions}
 */
export function touchQueue(options: TouchQueueOptions): TouchQueue {
  const { write, isBusy, limit = 10_000, retryMs = 1000, batch = 1000 } = options;
  // Latest use per key, in insertion order (oldest first): a retry writes the oldest first.
  const pending = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const hold = (id: string, atMs: number) => {
    const held = pending.get(id);
    if (held !== undefined) pending.set(id, Math.max(held, atMs));
    else if (pending.size < limit) pending.set(id, atMs);
  };
  const schedule = (delayMs: number) => {
    if (timer !== undefined) return;
    timer = setTimeout(retry, delayMs);
    // A retry must not keep a process alive that is otherwise done.
    timer.unref?.();
  };
  // Writes the oldest `batch` held touches; true when they were written.
  const writeBatch = (wait: boolean): boolean => {
    const touches: Touch[] = [];
    for (const entry of pending) {
      touches.push(entry);
      if (touches.length === batch) break;
    }
    try {
      write(touches, wait);
    } catch (error) {
      if (!isBusy(error)) pending.clear();
      return false;
    }
    for (const [id] of touches) pending.delete(id);
    return true;
  };
  function retry() {
    timer = undefined;
    if (pending.size === 0) return;
    const written = writeBatch(false);
    // More held back: the next batch once the event loop has served what waits; still locked: later.
    if (pending.size > 0) schedule(written ? 0 : retryMs);
  }

  return {
    touch(id, atMs) {
      // Something is already held back: the database was locked moments ago. Join the queue
      // rather than trying (and failing) once per request.
      if (timer !== undefined) {
        hold(id, atMs);
        return;
      }
      try {
        write([[id, atMs]], false);
      } catch (error) {
        if (!isBusy(error)) throw error;
        hold(id, atMs);
        schedule(retryMs);
      }
    },
    flush() {
      clearTimeout(timer);
      timer = undefined;
      while (pending.size > 0) if (!writeBatch(true)) pending.clear();
    },
    get size() {
      return pending.size;
    },
  };
}
