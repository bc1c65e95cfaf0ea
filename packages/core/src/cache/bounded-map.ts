/**
 * A `Map` that keeps at most `capacity` entries, dropping the least recently used. `Map` keeps
 * insertion order, so moving an entry to the back on use makes the front the least recently used.
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #capacity: number;

  /** @param capacity - most entries kept (0 keeps none) */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The value for `key`, marked as recently used; `undefined` when absent.
   * @param key - the key
   */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /**
   * Stores `value`, dropping the least recently used entry when full.
   * @param key - the key
   * @param value - the value
   */
  set(key: K, value: V): void {
    if (this.#capacity <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
  }

  /** @param key - the key to drop */
  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Drops every entry for which `test` is true. */
  deleteWhere(test: (value: V) => boolean): void {
    for (const [key, value] of this.#entries) if (test(value)) this.#entries.delete(key);
  }

  /** Drops everything. */
  clear(): void {
    this.#entries.clear();
  }
}
