import { KeywardError } from "./errors";
import type { KeyFilter, KeySecret, KeywardStore } from "./store";
import type { Role, StoredKey, User } from "./types";

function byString<T>(pick: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (pick(a) < pick(b) ? -1 : pick(a) > pick(b) ? 1 : 0);
}

/**
 * The slot of a hash: its first 7 hex digits as a small integer (anything else maps to some number
 * too; only equal hashes must share a slot).
 */
function slotOf(hash: string): number {
  let slot = 0;
  for (let i = 0; i < 7; i++) {
    const code = hash.charCodeAt(i);
    slot = (slot << 4) | (code <= 57 ? code - 48 : (code | 32) - 87);
  }
  return slot;
}

/**
 * Key records by hash, in a `Map` keyed by `slotOf`. Why not by the hash itself: every
 * request brings a hash string V8 has never seen, and a lookup by it first hashes all 64 of its
 * characters, which costs more than the rest of an authentication after SHA-256 together; a small
 * integer is hashed at once. Hashes that share a slot (a million keys make about 1,900 such pairs)
 * share an array; a record is only ever returned for its exact hash.
 */
class HashIndex {
  readonly #slots = new Map<number, StoredKey | StoredKey[]>();

  get(hash: string): StoredKey | undefined {
    const slot = this.#slots.get(slotOf(hash));
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return slot.hash === hash ? slot : undefined;
    return slot.find((key) => key.hash === hash);
  }

  /** Adds a record, or replaces the one with the same hash. */
  set(key: StoredKey): void {
    const at = slotOf(key.hash);
    const slot = this.#slots.get(at);
    if (slot === undefined || (!Array.isArray(slot) && slot.hash === key.hash)) this.#slots.set(at, key);
    else if (!Array.isArray(slot)) this.#slots.set(at, [slot, key]);
    else this.#slots.set(at, [...slot.filter((other) => other.hash !== key.hash), key]);
  }

  delete(hash: string): void {
    const at = slotOf(hash);
    const slot = this.#slots.get(at);
    if (slot === undefined) return;
    const rest = Array.isArray(slot)
      ? slot.filter((key) => key.hash !== hash)
      : slot.hash === hash
        ? []
        : [slot];
    if (rest.length === 0) this.#slots.delete(at);
    else this.#slots.set(at, rest.length === 1 ? rest[0]! : rest);
  }
}

/**
 * A complete store in process memory, indexed by hash. For tests, examples and single-process apps
 * that can lose their keys on restart. Answers synchronously, so authentication stays cheap.
 *
 * Records are stored frozen and replaced, never mutated, so nothing a caller does to a returned
 * object can change what is stored.
 *
 * @example
 * ```ts
 * const keyward = createKeyward({ store: memoryStore() });
 * ```
 */
export function memoryStore(): KeywardStore {
  const keysById = new Map<string, StoredKey>();
  const byHash = new HashIndex();
  const roles = new Map<string, Role>();
  const users = new Map<string, User>();
  let publicRole: string | null = null;

  const freezeKey = (key: StoredKey): StoredKey =>
    Object.freeze({
      ...key,
      permissions: key.permissions === null ? null : Object.freeze([...key.permissions]),
    });
  /** Stores a new version of a record under its id and its hash. */
  const put = (key: StoredKey): void => {
    const frozen = freezeKey(key);
    keysById.set(frozen.id, frozen);
    byHash.set(frozen);
  };

  return {
    migrate: async () => {},

    insertKey(key) {
      if (keysById.has(key.id)) throw new KeywardError("CONFLICT", "A key with this id already exists");
      if (byHash.get(key.hash) !== undefined)
        throw new KeywardError("CONFLICT", "This key is already stored");
      put(key);
    },
    findKeyByHash: (hash) => byHash.get(hash) ?? null,
    lookupKey(hash) {
      const key = byHash.get(hash);
      if (key === undefined) return null;
      const user = key.userId === null ? null : (users.get(key.userId) ?? null);
      const roleId = key.kind === "user" ? (user?.role ?? null) : key.role;
      return { key, user, role: roleId === null ? null : (roles.get(roleId) ?? null) };
    },
    getKey: (id) => keysById.get(id) ?? null,
    listKeys(filter: KeyFilter) {
      const matches: StoredKey[] = [];
      for (const key of keysById.values()) {
        if (filter.userId !== undefined && key.userId !== filter.userId) continue;
        if (filter.role !== undefined && key.role !== filter.role) continue;
        matches.push(key);
      }
      return matches.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    swapKeySecret(id: string, expectedHash: string, next: KeySecret) {
      const current = keysById.get(id);
      if (current === undefined || current.revokedAt !== null || current.hash !== expectedHash) return false;
      if (byHash.get(next.hash) !== undefined)
        throw new KeywardError("CONFLICT", "This key is already stored");
      // One synchronous step: no caller can observe both secrets valid, or neither.
      byHash.delete(current.hash);
      put({ ...current, hash: next.hash, start: next.start });
      return true;
    },
    revokeKey(id, at) {
      const current = keysById.get(id);
      if (current === undefined) return false;
      if (current.revokedAt === null) put({ ...current, revokedAt: at });
      return true;
    },
    touchKey(id, at) {
      const current = keysById.get(id);
      if (current !== undefined) put({ ...current, lastUsedAt: at });
    },

    saveRole(role) {
      roles.set(role.appid, Object.freeze({ ...role, permissions: Object.freeze([...role.permissions]) }));
    },
    getRole: (appid) => roles.get(appid) ?? null,
    listRoles: () => [...roles.values()].sort(byString((role) => role.appid)),
    deleteRole: (appid) => roles.delete(appid),

    saveUser(user) {
      users.set(user.id, Object.freeze({ ...user }));
    },
    getUser: (id) => users.get(id) ?? null,
    listUsers: () => [...users.values()].sort(byString((user) => user.id)),
    deleteUser: (id) => users.delete(id),

    getPublicRole: () => publicRole,
    setPublicRole(appid) {
      publicRole = appid;
    },
  };
}
