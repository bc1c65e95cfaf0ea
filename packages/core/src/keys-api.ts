import type { KeywardContext } from "./context";
import { KeywardError } from "./errors";
import { actorOf } from "./events/event-hub";
import type { ActorOptions } from "./events/types";
import { type IfMatch, ifMatchHolds, keyEtag, requireIfMatch } from "./key-etag";
import { validatePermissionPatterns } from "./permissions/matcher";
import { type Principal, principalCredential } from "./principal";
import { quoteInput } from "./redact";
import { generateKey, KEY_PREFIX, keyKindOf, keyStart } from "./tokens";
import type { KeyKind, KeyRecord, StoredKey } from "./types";
import { requireFutureDate, requireId, requireName, requireObject } from "./validate";

/** Input of {@link KeysApi.create}: exactly one of `userId` (a user key) or `role` (an app key). */
export interface CreateKeyInput {
  /** Owner of a user key (`USR-…`). The user must exist. */
  readonly userId?: string;
  /** Role of an app key (`API-…`). The role must exist, or be the super role. */
  readonly role?: string;
  readonly name?: string;
  /** The key stops working at this instant. Must be in the future. */
  readonly expiresAt?: Date;
  /** Narrowing scope: the key may do only what both its role and these patterns allow. */
  readonly permissions?: readonly string[];
}

/** Input of {@link KeysApi.import}: a key from another system and its owner. */
export interface ImportKeyInput extends CreateKeyInput {
  /** The existing plaintext key; must be well formed and match the owner (`USR-` for users, `API-` for roles). */
  readonly key: string;
}

/** A key as issued: the plaintext `key`, shown once, and its record. */
export interface IssuedKey {
  /** The plaintext key. keyward keeps only its hash: store it now or refresh later. */
  readonly key: string;
  readonly record: KeyRecord;
}

/** Options of {@link KeysApi.refresh}. */
export interface RefreshOptions extends ActorOptions {
  /**
   * Refresh only if the key's secret is still the one this principal authenticated with, else
   * `CONFLICT`. This is how "refresh the key that made this call" avoids taking over a key that
   * was rotated in between (a leaked, already-replaced secret must not win the key back).
   */
  readonly presentedBy?: Principal;
  /**
   * Refresh only the version read: the record's `etag` (or a list of tags, any of which may match),
   * else `PRECONDITION_FAILED`. `"*"` only requires the key to exist. Of any number of refreshes
   * racing with the same tag exactly one succeeds; without it the last writer wins, and every
   * earlier winner's new key is dead by the time it arrives.
   */
  readonly ifMatch?: IfMatch;
}

/** Options of {@link KeysApi.revoke}. */
export interface RevokeOptions extends ActorOptions {
  /**
   * Revoke only the version read: the record's `etag` (or a list of tags), else
   * `PRECONDITION_FAILED`; `"*"` only requires the key to exist. The version is checked, then the
   * key revoked: a refresh landing between the two is revoked with it.
   */
  readonly ifMatch?: IfMatch;
}

/** Filter of {@link KeysApi.list}. */
export interface ListKeysFilter {
  readonly userId?: string;
  readonly role?: string;
}

/** Key management: create, refresh, revoke, list, get and import. */
export interface KeysApi {
  /**
   * Issues a new key.
   * @example
   * ```ts
   * const { key, record } = await keyward.keys.create({ userId: "alice" }); // key: "USR-…"
   * ```
   */
  create(input: CreateKeyInput, options?: ActorOptions): Promise<IssuedKey>;
  /** Takes over a plaintext key issued elsewhere. `CONFLICT` when it is already stored. */
  import(input: ImportKeyInput, options?: ActorOptions): Promise<IssuedKey>;
  /**
   * Replaces a key's secret, keeping its id, owner, name, scope and expiry. The old secret stops
   * working exactly when the new one starts. When refreshes of one key race, one wins and the others
   * reject with `CONFLICT` (or `PRECONDITION_FAILED` with `ifMatch`). Without `ifMatch` a refresh
   * applies to whatever the key is when it lands: last writer wins.
   * @example
   * ```ts
   * const record = await keyward.keys.get(id);
   * const { key } = await keyward.keys.refresh(id, { ifMatch: record.etag }); // PRECONDITION_FAILED if it changed
   * ```
   */
  refresh(id: string, options?: RefreshOptions): Promise<IssuedKey>;
  /**
   * Revokes a key for good. Revoking twice is fine. `NOT_FOUND` for an unknown id;
   * `PRECONDITION_FAILED` when `ifMatch` names a version that is no longer current.
   */
  revoke(id: string, options?: RevokeOptions): Promise<KeyRecord>;
  /** Records of the keys matching the filter, oldest first. Never plaintext keys or hashes. */
  list(filter?: ListKeysFilter): Promise<KeyRecord[]>;
  /** One key's record, or `null`. */
  get(id: string): Promise<KeyRecord | null>;
}

/**
 * Strips a stored key down to its public record. Fields are copied one by one so that nothing a
 * store adds (a hash, a driver's extra column) can leak.
 * @param stored - a key as the store returned it
 */
export function toKeyRecord(stored: StoredKey): KeyRecord {
  return {
    id: stored.id,
    kind: stored.kind,
    start: stored.start,
    userId: stored.userId,
    role: stored.role,
    name: stored.name,
    permissions: stored.permissions === null ? null : [...stored.permissions],
    expiresAt: stored.expiresAt,
    createdAt: stored.createdAt,
    lastUsedAt: stored.lastUsedAt,
    revokedAt: stored.revokedAt,
    etag: keyEtag(stored),
  };
}

interface ResolvedOwner {
  readonly kind: KeyKind;
  readonly userId: string | null;
  readonly role: string | null;
}

/**
 * Builds the keys API of an instance.
 * @param ctx - the instance's context
 */
export function createKeysApi(ctx: KeywardContext): KeysApi {
  const { store, call } = ctx;

  async function resolveOwner(input: Record<string, unknown>): Promise<ResolvedOwner> {
    const hasUser = input.userId !== undefined;
    const hasRole = input.role !== undefined;
    if (hasUser === hasRole) {
      throw new KeywardError(
        "INVALID_ARGUMENT",
        "Pass exactly one of userId (a user key) or role (an app key)",
      );
    }
    if (hasUser) {
      const userId = requireId("userId", input.userId);
      const user = await call("getUser", () => store.getUser(userId));
      if (user === null) throw new KeywardError("NOT_FOUND", `Unknown user ${quoteInput(userId)}`);
      return { kind: "user", userId, role: null };
    }
    const role = requireId("role", input.role);
    if (role !== ctx.superRole && (await call("getRole", () => store.getRole(role))) === null) {
      throw new KeywardError("NOT_FOUND", `Unknown role ${quoteInput(role)}`);
    }
    return { kind: "app", userId: null, role };
  }

  function emitKey(
    type: "key.created" | "key.refreshed" | "key.revoked",
    key: StoredKey,
    options: ActorOptions | undefined,
    imported = false,
  ): void {
    if (!ctx.events.active) return;
    const facts = { keyId: key.id, kind: key.kind, start: key.start, userId: key.userId, role: key.role };
    const actor = actorOf(options?.actor);
    const at = ctx.now();
    ctx.events.emit(
      type === "key.created" ? { type, at, actor, ...facts, imported } : { type, at, actor, ...facts },
    );
  }

  async function issue(raw: unknown, importedKey: string | null, options?: ActorOptions): Promise<IssuedKey> {
    const input = requireObject("input", raw);
    const owner = await resolveOwner(input);
    const now = ctx.now();
    const name = input.name === undefined ? null : requireName("name", input.name);
    const expiresAt =
      input.expiresAt === undefined ? null : requireFutureDate("expiresAt", input.expiresAt, now);
    const permissions =
      input.permissions === undefined
        ? null
        : [...validatePermissionPatterns(input.permissions, "permissions")];
    if (importedKey !== null && keyKindOf(importedKey) !== owner.kind) {
      throw new KeywardError(
        "INVALID_ARGUMENT",
        `key must be ${KEY_PREFIX[owner.kind]} followed by 40 lowercase hex characters`,
      );
    }
    const key = importedKey ?? generateKey(owner.kind);
    const stored: StoredKey = {
      id: crypto.randomUUID(),
      kind: owner.kind,
      start: keyStart(key),
      userId: owner.userId,
      role: owner.role,
      name,
      permissions,
      expiresAt,
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
      hash: await ctx.hash(key),
    };
    await call("insertKey", () => store.insertKey(stored));
    // "Unknown key" answers remembered by caches may now be wrong.
    await ctx.changes.changed({ type: "created" });
    emitKey("key.created", stored, options, importedKey !== null);
    return { key, record: toKeyRecord(stored) };
  }

  async function requireKey(id: unknown): Promise<StoredKey> {
    const keyId = requireId("id", id);
    const stored = await call("getKey", () => store.getKey(keyId));
    if (stored === null) throw new KeywardError("NOT_FOUND", `Unknown key ${quoteInput(keyId)}`);
    return stored;
  }

  function requireCurrent(key: StoredKey, ifMatch: IfMatch | undefined): void {
    if (ifMatch !== undefined && !ifMatchHolds(keyEtag(key), ifMatch)) throw changed(key.id);
  }

  return {
    create: (input, options) => issue(input, null, options),

    import: async (input, options) => {
      const key = requireObject("input", input).key;
      if (typeof key !== "string" || keyKindOf(key) === null) {
        throw new KeywardError(
          "INVALID_ARGUMENT",
          "key must be USR- or API- followed by 40 lowercase hex characters",
        );
      }
      return issue(input, key, options);
    },

    refresh: async (id, options = {}) => {
      const ifMatch = requireIfMatch(requireObject("options", options).ifMatch);
      const current = await requireKey(id);
      requireCurrent(current, ifMatch);
      if (options.presentedBy !== undefined) {
        const credential = principalCredential(options.presentedBy);
        if (options.presentedBy.keyId !== current.id || credential?.keyHash !== current.hash) {
          throw new KeywardError(
            "CONFLICT",
            `Key "${current.id}" was refreshed since this request's key was issued`,
          );
        }
      }
      if (current.revokedAt !== null) throw new KeywardError("CONFLICT", `Key "${current.id}" is revoked`);
      if (current.expiresAt !== null && current.expiresAt.getTime() <= ctx.now().getTime()) {
        throw new KeywardError("CONFLICT", `Key "${current.id}" has expired; create a new one`);
      }
      const key = generateKey(current.kind);
      const next = { hash: await ctx.hash(key), start: keyStart(key) };
      // The hash swapped from is the version the precondition was checked against: a refresh that
      // matched but lands second loses here, instead of replacing the winner's fresh secret.
      const swapped = await call("swapKeySecret", () => store.swapKeySecret(current.id, current.hash, next));
      if (!swapped) {
        if (ifMatch !== undefined && ifMatch !== "*") throw changed(current.id);
        throw new KeywardError(
          "CONFLICT",
          `Key "${current.id}" was refreshed or revoked concurrently; read it again`,
        );
      }
      await ctx.changes.changed({ type: "key", keyId: current.id });
      const refreshed = { ...current, ...next };
      emitKey("key.refreshed", refreshed, options);
      return { key, record: toKeyRecord(refreshed) };
    },

    revoke: async (id, options = {}) => {
      const ifMatch = requireIfMatch(requireObject("options", options).ifMatch);
      const current = await requireKey(id);
      // Checked, then revoked: stores have no conditional revocation. A refresh landing in between
      // is revoked too, which is what the caller asked for on the version it saw.
      requireCurrent(current, ifMatch);
      const revokedAt = ctx.now();
      await call("revokeKey", () => store.revokeKey(current.id, revokedAt));
      await ctx.changes.changed({ type: "key", keyId: current.id });
      const after = await call("getKey", () => store.getKey(current.id));
      const revoked = after ?? { ...current, revokedAt: current.revokedAt ?? revokedAt };
      // Only the call whose revocation took effect reports it (the store keeps the first time).
      if (revoked.revokedAt?.getTime() === revokedAt.getTime() && current.revokedAt === null) {
        emitKey("key.revoked", revoked, options);
      }
      return toKeyRecord(revoked);
    },

    list: async (filter = {}) => {
      const input = requireObject("filter", filter);
      const query: { userId?: string; role?: string } = {};
      if (input.userId !== undefined) query.userId = requireId("userId", input.userId);
      if (input.role !== undefined) query.role = requireId("role", input.role);
      // Uses noted by this process are written first, so its own reads show them.
      await ctx.usage.flush();
      const keys = await call("listKeys", () => store.listKeys(query));
      return keys.map(toKeyRecord);
    },

    get: async (id) => {
      const keyId = requireId("id", id);
      await ctx.usage.flush();
      const stored = await call("getKey", () => store.getKey(keyId));
      return stored === null ? null : toKeyRecord(stored);
    },
  };
}

function changed(id: string): KeywardError {
  return new KeywardError(
    "PRECONDITION_FAILED",
    `Key "${id}" is not at the version ifMatch names: refreshed or revoked since it was read; read it again`,
  );
}
