import type { InvalidationBus, InvalidationMessage } from "./invalidation";
import type { VerifiedKeyCache } from "./verified-key-cache";

/**
 * Where every write that can change an authentication answer reports itself: this instance's cache
 * drops what it affects at once, then the bus tells the others. A failed publish does not undo the
 * write (it happened); other instances then keep what they had for at most `ttlMs`, and refuse to
 * trust anything while their own bus connection is down.
 */
export class ChangeFeed {
  readonly #cache: VerifiedKeyCache | null;
  readonly #bus: InvalidationBus | undefined;
  readonly #onPublishError: (error: unknown) => void;

  /**
   * @param cache - this instance's cache, if any
   * @param bus - the bus to the other instances, if any
   * @param onPublishError - told when a publish fails
   */
  constructor(
    cache: VerifiedKeyCache | null,
    bus: InvalidationBus | undefined,
    onPublishError: (error: unknown) => void,
  ) {
    this.#cache = cache;
    this.#bus = bus;
    this.#onPublishError = onPublishError;
  }

  /**
   * Reports a change that has been written.
   * @param message - what changed
   */
  async changed(message: InvalidationMessage): Promise<void> {
    this.#cache?.invalidate(message);
    if (this.#bus === undefined) return;
    try {
      await this.#bus.publish(message);
    } catch (error) {
      this.#onPublishError(error);
    }
  }

  /**
   * Starts following the bus, if there is one: its messages invalidate the cache, and its state
   * decides whether the cache is trusted at all. Resolves with the function that stops.
   */
  async follow(): Promise<() => Promise<void>> {
    const cache = this.#cache;
    if (this.#bus === undefined || cache === null) return async () => {};
    return this.#bus.subscribe(
      (message) => cache.invalidate(message),
      (connected) => cache.setTrusted(connected),
    );
  }
}
