import { KeywardError } from "./errors";
import type { KeyFilter, KeySecret, KeywardStore } from "./store";
import type { Role, StoredKey, User } from "./types";

function byString<T>(pick: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (pick(a) < pick(b) ? -1 : pick(a) > pick(b) ? 1 : 0);
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
  const idByHash = new Map<string, string>();
  const roles = new Map<string, Role>();
  const users = new Map<string, User>();
  let publicRole: string | null = null;

  const freezeKey = (key: StoredKey): StoredKey =>
    Object.freeze({
      ...key,
      permissions: key.permissions === null ? null : Object.freeze([...key.permissions]),
    });

  return {
    migrate: async () => {},

    insertKey(key) {
      if (keysById.has(key.id)) throw new KeywardError("CONFLICT", "A key with this id already exists");
      if (idByHash.has(key.hash)) throw new KeywardError("CONFLICT", "This key is already stored");
      keysById.set(key.id, freezeKey(key));
      idByHash.set(key.hash, key.id);
    },
    findKeyByHash(hash) {
      const id = idByHash.get(hash);
      return id === undefined ? null : (keysById.get(id) ?? null);
    },
    lookupKey(hash) {
      const id = idByHash.get(hash);
      const key = id === undefined ? undefined : keysById.get(id);
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
      if (idByHash.has(next.hash)) throw new KeywardError("CONFLICT", "This key is already stored");
      // One synchronous step: no caller can observe both secrets valid, or neither.
      idByHash.delete(current.hash);
      idByHash.set(next.hash, id);
      keysById.set(id, freezeKey({ ...current, hash: next.hash, start: next.start }));
      return true;
    },
    revokeKey(id, at) {
      const current = keysById.get(id);
      if (current === undefined) return false;
      if (current.revokedAt === null) keysById.set(id, freezeKey({ ...current, revokedAt: at }));
      return true;
    },
    touchKey(id, at) {
      const current = keysById.get(id);
      if (current !== undefined) keysById.set(id, freezeKey({ ...current, lastUsedAt: at }));
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
