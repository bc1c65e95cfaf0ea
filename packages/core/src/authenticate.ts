import { loadLookup, loadPublicRole } from "./cache/load-lookup";
import { type CachedLookup, UNKNOWN_KEY, type VerifiedKeyCache } from "./cache/verified-key-cache";
import type { KeywardContext } from "./context";
import type { AuthFailureDetail } from "./events/types";
import { isThenable, runFlow } from "./flow";
import { grantsManagement } from "./management-permissions";
import type { Grants } from "./permissions/explain";
import type { PermissionMatcher } from "./permissions/matcher";
import { createPrincipal, type Principal } from "./principal";
import type { Awaitable, KeyLookup } from "./store";
import { keyKindOf } from "./tokens";
import type { KeyKind, Role, StoredKey, User } from "./types";

/**
 * Why authentication did not produce a principal.
 * - `missing`: no key was sent and no public role is set.
 * - `invalid`: a key was sent but it is malformed, unknown, revoked or expired, or its owner no
 *   longer exists. One answer for all, so a client learns nothing about which.
 * - `inactive`: the key is valid but its owner is inactive.
 */
export type AuthFailureReason = "missing" | "invalid" | "inactive";

/**
 * The outcome of {@link Keyward.authenticate}: a principal, or the reason there is none. `detail` says, for
 * the app's logs and metrics only, which of the cases behind `invalid`/`inactive` it was; never
 * send it to the client.
 */
export type AuthResult =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: AuthFailureReason; readonly detail?: AuthFailureDetail };

const MISSING: AuthResult = Object.freeze({ ok: false, reason: "missing" });
const failure = (reason: AuthFailureReason, detail: AuthFailureDetail): AuthResult =>
  Object.freeze({ ok: false, reason, detail });
const MALFORMED = failure("invalid", "malformed");
const UNKNOWN = failure("invalid", "unknown");
const REVOKED = failure("invalid", "revoked");
const EXPIRED = failure("invalid", "expired");
const OWNER_MISSING = failure("invalid", "owner_missing");
const OWNER_INACTIVE = failure("inactive", "owner_inactive");

/** `lastUsedAt` is written at most this often per key, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Authenticates a key, or the absence of one. Resolves to a result for every expected outcome and
 * rejects only with `KeywardError("STORE_UNAVAILABLE")` when the store fails: a failing store never
 * yields a principal, public or not.
 * @param ctx - the instance's context
 * @param key - the key sent, or `null`/`undefined` when none was
 */
export function authenticate(ctx: KeywardContext, key: string | null | undefined): Promise<AuthResult> {
  try {
    const result = ctx.events.active ? authenticateAwaitable(ctx, key) : authenticateKey(ctx, key);
    return isThenable(result) ? result : Promise.resolve(result);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * `authenticate`, answering synchronously when the hasher and the store do (Node's hasher
 * with the memory or SQLite store), and with a promise otherwise. Failures are thrown, or rejected.
 * Adapters use it to continue a request without a microtask hop, which costs an Express server
 * about a tenth of its throughput.
 * @param ctx - the instance's context
 * @param key - the key sent, or `null`/`undefined` when none was
 */
export function authenticateAwaitable(
  ctx: KeywardContext,
  key: string | null | undefined,
): Awaitable<AuthResult> {
  // Without listeners, nothing is wrapped: this runs on every request.
  if (!ctx.events.active) return authenticateKey(ctx, key);
  let result: Awaitable<AuthResult>;
  try {
    result = authenticateKey(ctx, key);
  } catch (error) {
    reportFailure(ctx, "store_unavailable", null);
    throw error;
  }
  if (!isThenable(result)) return result;
  return result.then(undefined, (error: unknown) => {
    reportFailure(ctx, "store_unavailable", null);
    throw error;
  });
}

function reportFailure(ctx: KeywardContext, reason: AuthFailureDetail, stored: StoredKey | null): void {
  ctx.events.emit({
    type: "auth.failed",
    at: new Date(ctx.nowMs()),
    reason,
    keyId: stored?.id ?? null,
    start: stored?.start ?? null,
  });
}

/** Returns `result` after reporting it, when anyone listens. */
function refuse(ctx: KeywardContext, result: AuthResult, stored: StoredKey | null): AuthResult {
  if (ctx.events.active && !result.ok && result.detail !== undefined) {
    reportFailure(ctx, result.detail, stored);
  }
  return result;
}

/** The fast path's answer when the decision needs a store read the lookup did not bring. */
const NEEDS_READS = Symbol("needs reads");

function authenticateKey(ctx: KeywardContext, key: string | null | undefined): Awaitable<AuthResult> {
  if (key === null || key === undefined) return runFlow(publicSteps(ctx));
  // Shape first: garbage never costs a hash or a store call.
  const kind = keyKindOf(key);
  if (kind === null) return refuse(ctx, MALFORMED, null);
  const hash = ctx.hash(key);
  return typeof hash === "string" ? verifyHash(ctx, kind, hash) : hash.then((h) => verifyHash(ctx, kind, h));
}

/**
 * Everything after the hash. The common case (a synchronous store with `lookupKey`, or a cache hit,
 * whose answer holds the key, its owner and role) is decided by plain calls, without the generator
 * and its per-step allocations: this runs on every request. Whatever needs more reads, or a store
 * that answers with promises, goes through `keySteps`.
 */
function verifyHash(ctx: KeywardContext, kind: KeyKind, hash: string): Awaitable<AuthResult> {
  const cache = ctx.cache;
  if (cache !== null) {
    const hit = cache.get(hash, ctx.nowMs());
    if (hit === UNKNOWN_KEY) return refuse(ctx, UNKNOWN, null);
    if (hit !== undefined) return decideOrRead(ctx, kind, hash, hit.lookup, hit);
    return runFlow(cacheMissSteps(ctx, kind, hash, cache));
  }
  const store = ctx.store;
  if (store.lookupKey === undefined) return runFlow(keySteps(ctx, kind, hash, undefined, null));
  let found: Awaitable<KeyLookup | null>;
  try {
    found = store.lookupKey(hash);
  } catch (error) {
    // The guarded call maps the failure exactly as it maps every other store failure (it throws).
    return ctx.call("lookupKey", () => {
      throw error;
    });
  }
  if (!isThenable(found)) return decideOrRead(ctx, kind, hash, found, null);
  // The guard adds the timeout and the error mapping to the pending read.
  const pending = ctx.call("lookupKey", () => found) as Promise<KeyLookup | null>;
  return pending.then((lookup) => decideOrRead(ctx, kind, hash, lookup, null));
}

function decideOrRead(
  ctx: KeywardContext,
  kind: KeyKind,
  hash: string,
  lookup: KeyLookup | null,
  cached: CachedLookup | null,
): Awaitable<AuthResult> {
  const decided = decide(ctx, kind, hash, lookup, cached);
  return decided === NEEDS_READS ? runFlow(keySteps(ctx, kind, hash, lookup, cached)) : decided;
}

/** The refusal a stored key earns on its own (unknown, revoked, expired), or `null`. */
function keyRefusal(
  ctx: KeywardContext,
  stored: StoredKey | null,
  hash: string,
  kind: KeyKind,
  now: number,
): AuthResult | null {
  if (stored === null || stored.hash !== hash || stored.kind !== kind) return refuse(ctx, UNKNOWN, null);
  if (stored.revokedAt !== null) return refuse(ctx, REVOKED, stored);
  if (stored.expiresAt !== null && stored.expiresAt.getTime() <= now) return refuse(ctx, EXPIRED, stored);
  return null;
}

/** The refusal a user key earns for its owner (gone, inactive), or `null`. */
function ownerRefusal(ctx: KeywardContext, stored: StoredKey, user: User | null): AuthResult | null {
  if (user === null) return refuse(ctx, OWNER_MISSING, stored);
  if (!user.active) return refuse(ctx, OWNER_INACTIVE, stored);
  return null;
}

/**
 * The answer from one lookup alone, or `NEEDS_READS` when it takes another read: the owner or
 * role in the lookup is not the key's own, or the public role's rules are inherited. Makes the
 * same decisions as `keySteps`, with the same helpers.
 */
function decide(
  ctx: KeywardContext,
  kind: KeyKind,
  hash: string,
  lookup: KeyLookup | null,
  cached: CachedLookup | null,
): AuthResult | typeof NEEDS_READS {
  const stored = lookup === null ? null : lookup.key;
  const now = ctx.nowMs();
  const refused = keyRefusal(ctx, stored, hash, kind, now);
  if (refused !== null) return refused;
  if (lookup === null || stored === null || ctx.publicInherits) return NEEDS_READS;
  let roleId: string | null;
  if (stored.kind === "user") {
    if (stored.userId === null) return refuse(ctx, OWNER_MISSING, stored);
    const user = lookup.user;
    if (user === null || user.id !== stored.userId) return NEEDS_READS;
    const refusedOwner = ownerRefusal(ctx, stored, user);
    if (refusedOwner !== null) return refusedOwner;
    roleId = user.role;
  } else {
    roleId = stored.role;
  }
  const isSuper = roleId !== null && roleId === ctx.superRole;
  let grants: Grants | null = null;
  if (!isSuper && roleId !== null) {
    const role = lookup.role;
    if (role !== null && role.appid !== roleId) return NEEDS_READS;
    if (role !== null) grants = ctx.roleMatchers.grantsFor(role);
    else if (ctx.events.active) reportFailure(ctx, "role_missing", stored);
  }
  return grant(ctx, stored, roleId, grants ?? { isSuper, role: null, scope: null }, now, cached);
}

/** The principal of a key that passed every check; records its use. */
function grant(
  ctx: KeywardContext,
  stored: StoredKey,
  roleId: string | null,
  roleGrants: Grants,
  now: number,
  cached: CachedLookup | null,
): AuthResult {
  touchIfStale(ctx, stored, now, cached);
  const grants: Grants =
    stored.permissions === null
      ? roleGrants
      : { ...roleGrants, scope: ctx.roleMatchers.scopeMatcherFor(stored.id, stored.permissions) };
  const principal = createPrincipal(stored.kind, stored.userId, stored.id, roleId, grants, stored.hash);
  return { ok: true, principal };
}

function* cacheMissSteps(
  ctx: KeywardContext,
  kind: KeyKind,
  hash: string,
  cache: VerifiedKeyCache,
): Generator<unknown, AuthResult, unknown> {
  const generation = cache.generation;
  const lookup = yield* loadLookup(ctx, hash);
  const cached = cache.remember(hash, lookup, ctx.nowMs(), generation);
  return yield* keySteps(ctx, kind, hash, lookup, cached);
}

/**
 * The general path, one store read at a time: `lookup` is what a lookup returned (`undefined` when
 * the store has no `lookupKey`, and the key is then read alone); the owner and role are read when
 * the lookup did not bring the key's own.
 */
function* keySteps(
  ctx: KeywardContext,
  kind: KeyKind,
  hash: string,
  lookup: KeyLookup | null | undefined,
  cached: CachedLookup | null,
): Generator<unknown, AuthResult, unknown> {
  const stored =
    lookup === undefined
      ? ((yield ctx.call("findKeyByHash", () => ctx.store.findKeyByHash(hash))) as StoredKey | null)
      : (lookup?.key ?? null);
  const now = ctx.nowMs();
  const refused = keyRefusal(ctx, stored, hash, kind, now);
  if (refused !== null || stored === null) return refused ?? refuse(ctx, UNKNOWN, null);
  let roleId: string | null;
  // Whether the lookup's role was derived from the same owner core uses: only then is its answer
  // about the role (including "none") trusted.
  let lookupRoleUsable = lookup != null && stored.kind === "app";
  if (stored.kind === "user") {
    const userId = stored.userId;
    if (userId === null) return refuse(ctx, OWNER_MISSING, stored);
    lookupRoleUsable = lookup != null && lookup.user?.id === userId;
    const user = lookupRoleUsable
      ? (lookup?.user ?? null)
      : ((yield ctx.call("getUser", () => ctx.store.getUser(userId))) as User | null);
    const refusedOwner = ownerRefusal(ctx, stored, user);
    if (refusedOwner !== null || user === null) return refusedOwner ?? refuse(ctx, OWNER_MISSING, stored);
    roleId = user.role;
  } else {
    roleId = stored.role;
  }
  const isSuper = roleId !== null && roleId === ctx.superRole;
  let roleMatcher: PermissionMatcher | null = null;
  if (!isSuper && roleId !== null) {
    const id = roleId;
    // A lookup's role is used only when it is the one core decided on.
    const lookupRole = lookup?.role ?? null;
    const role =
      lookupRoleUsable && (lookupRole === null || lookupRole.appid === id)
        ? lookupRole
        : ((yield ctx.call("getRole", () => ctx.store.getRole(id))) as Role | null);
    if (role !== null) roleMatcher = ctx.roleMatchers.matcherFor(role);
    // Still a principal (it may do nothing: fail closed), but operators want to know why.
    else if (ctx.events.active) reportFailure(ctx, "role_missing", stored);
  }
  // publicInherits: the public role's rules add to a live role's. A missing role still grants
  // nothing at all (fail closed), and the super role needs nothing more.
  let inherited: PermissionMatcher | null = null;
  if (ctx.publicInherits && roleMatcher !== null) {
    const publicRole = yield* loadPublicRole(ctx);
    if (publicRole.appid !== null && publicRole.appid !== roleId) {
      inherited = publicMatcher(ctx, publicRole.role);
    }
  }
  return grant(ctx, stored, roleId, { isSuper, role: roleMatcher, scope: null, inherited }, now, cached);
}

/**
 * The public role's matcher, or `null` when it grants nothing usable. A public role that grants a
 * management permission is refused when saved, but two concurrent changes (a role edited while it
 * is made public) can still produce one: checked here, where it is used, it grants nothing at all,
 * so nobody without a key ever holds management power, whatever the store says.
 */
function publicMatcher(ctx: KeywardContext, role: Role | null): PermissionMatcher | null {
  if (role === null) return null;
  const matcher = ctx.roleMatchers.matcherFor(role);
  return grantsManagement(matcher) ? null : matcher;
}

function* publicSteps(ctx: KeywardContext): Generator<unknown, AuthResult, unknown> {
  const { appid, role } = yield* loadPublicRole(ctx);
  if (appid === null) return MISSING;
  // A public role that was deleted grants nothing, but the API stays public: refusing here would
  // turn a data mistake into an outage for every anonymous reader.
  const grants: Grants = { isSuper: false, role: publicMatcher(ctx, role), scope: null };
  return {
    ok: true,
    principal: createPrincipal("public", null, null, appid, grants, null),
  };
}

function touchIfStale(
  ctx: KeywardContext,
  stored: StoredKey,
  now: number,
  cached: CachedLookup | null,
): void {
  // A cached key's record does not see the writes this instance made since: it remembers its own.
  const lastUsed = cached?.touchedAt ?? stored.lastUsedAt?.getTime() ?? null;
  if (lastUsed !== null && now - lastUsed < TOUCH_INTERVAL_MS) return;
  if (cached !== null) cached.touchedAt = now;
  // Written behind: the request never waits for (or fails with) the usage timestamp.
  const first = ctx.usage.record(stored.id, now);
  // `key.used` follows the same throttle: at most one per key per minute.
  if (first && ctx.events.active) {
    ctx.events.emit({
      type: "key.used",
      at: new Date(now),
      keyId: stored.id,
      kind: stored.kind,
      start: stored.start,
      userId: stored.userId,
      role: stored.role,
    });
  }
}
