import type { KeyLookup } from "../store";
import type { Role } from "../types";
import { BoundedMap } from "./bounded-map";
import type { InvalidationBus, InvalidationMessage } from "./invalidation";

/** Options of the verified-key cache: `createKeyward({ cache })`. */
export interface CacheOptions {
  /** How long a verified key (or an unknown one) is trusted without asking the store, in ms. */
  readonly ttlMs: number;
  /** Most verified keys kept; the least recently used is dropped beyond it. */
  readonly maxEntries: number;
  /**
   * Most unknown keys remembered, apart from the verified ones, so that a flood of random keys can
   * neither evict real ones nor reach the store more than once each per `ttlMs`. Default:
   * `maxEntries`.
   */
  readonly maxNegativeEntries?: number;
  /**
   * Tells other instances what changed, and hears what they changed. Without one, only this
   * instance's own changes invalidate its cache: another instance's revocation is then seen within
   * `ttlMs`.
   */
  readonly bus?: InvalidationBus;
}

/** A verified key, its owner and role as read from the store, and when. */
export interface CachedLookup {
  readonly lookup: KeyLookup;
  readonly fetchedAt: number;
  /** When this instance last recorded a use, so a cached key is not touched on every request. */
  touchedAt: number | null;
}

/** What the cache knows about a hash: a verified lookup, "unknown to the store", or nothing. */
export type CacheHit = CachedLookup | typeof UNKNOWN_KEY | undefined;

/** The store said no key has this hash. */
export const UNKNOWN_KEY: unique symbol = Symbol("unknown key");

interface CachedPublicRole {
  readonly appid: string | null;
  readonly role: Role | null;
  readonly fetchedAt: number;
}

/**
 * Verified keys (hash → key, owner, role), unknown hashes, and the public role, each trusted for
 * `ttlMs`. Every change this instance makes drops what it affects at once; with a bus, changes
 * made elsewhere do too. The cache **fails closed**: while the bus may be missing messages it
 * answers nothing (every authentication asks the store), and when the bus is back it starts empty.
 *
 * Entries are written with the generation current when their read began: a change landing while a
 * read was in flight bumps the generation, and the read's (possibly stale) answer is not kept.
 */
export class VerifiedKeyCache {
  readonly #ttlMs: number;
  readonly #positive: BoundedMap<string, CachedLookup>;
  readonly #negative: BoundedMap<string, number>;
  #publicRole: CachedPublicRole | null = null;
  #generation = 0;
  #trusted: boolean;

  /** @param options - validated options */
  constructor(options: CacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#positive = new BoundedMap(options.maxEntries);
    this.#negative = new BoundedMap(options.maxNegativeEntries ?? options.maxEntries);
    // With a bus, nothing is trusted until it says it is subscribed.
    this.#trusted = options.bus === undefined;
  }

  /** Bumped by every invalidation; reads remember it to know whether they are still current. */
  get generation(): number {
    return this.#generation;
  }

  /** Verified entries held (for tests and metrics). */
  get size(): number {
    return this.#positive.size;
  }

  /**
   * What is known about `hash` at `now`.
   * @param hash - the key's hash
   * @param now - epoch ms
   */
  get(hash: string, now: number): CacheHit {
    if (!this.#trusted) return undefined;
    const entry = this.#positive.get(hash);
    if (entry !== undefined) {
      if (now - entry.fetchedAt < this.#ttlMs) return entry;
      this.#positive.delete(hash);
    }
    const unknownAt = this.#negative.get(hash);
    if (unknownAt !== undefined) {
      if (now - unknownAt < this.#ttlMs) return UNKNOWN_KEY;
      this.#negative.delete(hash);
    }
    return undefined;
  }

  /**
   * Keeps what the store answered for `hash`, unless something changed since the read began.
   * @param hash - the key's hash
   * @param lookup - the store's answer (`null`: no such key)
   * @param now - epoch ms
   * @param generation - {@link VerifiedKeyCache.generation} when the read began
   * @returns the entry kept, if any
   */
  remember(hash: string, lookup: KeyLookup | null, now: number, generation: number): CachedLookup | null {
    if (!this.#trusted || generation !== this.#generation) return null;
    if (lookup === null) {
      this.#negative.set(hash, now);
      return null;
    }
    const entry: CachedLookup = { lookup, fetchedAt: now, touchedAt: null };
    this.#positive.set(hash, entry);
    return entry;
  }

  /**
   * The public role, if known and fresh.
   * @param now - epoch ms
   */
  publicRole(now: number): CachedPublicRole | undefined {
    const cached = this.#publicRole;
    if (!this.#trusted || cached === null || now - cached.fetchedAt >= this.#ttlMs) return undefined;
    return cached;
  }

  /**
   * Keeps the public role read from the store.
   * @param appid - the public role's id, or `null` when there is none
   * @param role - the role itself, or `null`
   * @param now - epoch ms
   * @param generation - the generation when the read began
   */
  rememberPublicRole(appid: string | null, role: Role | null, now: number, generation: number): void {
    if (this.#trusted && generation === this.#generation) this.#publicRole = { appid, role, fetchedAt: now };
  }

  /**
   * Drops what `message` may have changed.
   * @param message - what changed
   */
  invalidate(message: InvalidationMessage): void {
    this.#generation++;
    switch (message.type) {
      case "key":
        this.#positive.deleteWhere((entry) => entry.lookup.key.id === message.keyId);
        return;
      case "user":
        this.#positive.deleteWhere(
          (entry) => entry.lookup.key.userId === message.userId || entry.lookup.user?.id === message.userId,
        );
        return;
      case "settings":
        this.#publicRole = null;
        return;
      case "created":
        this.#negative.clear();
        return;
      default:
        // A role change can reach any key (through its owner) and the public role: start over.
        this.clear();
    }
  }

  /**
   * Follows the bus: while it may be missing messages nothing is trusted; when it is back, the
   * cache starts empty (what was missed in between is unknown).
   * @param connected - the bus's state
   */
  setTrusted(connected: boolean): void {
    this.clear();
    this.#generation++;
    this.#trusted = connected;
  }

  /** Drops every entry. */
  clear(): void {
    this.#positive.clear();
    this.#negative.clear();
    this.#publicRole = null;
  }
}
