import { loadLookup, loadPublicRole } from "./cache/load-lookup";
import { type CachedLookup, UNKNOWN_KEY } from "./cache/verified-key-cache";
import type { KeywardContext } from "./context";
import type { AuthFailureDetail } from "./events/types";
import { isThenable, runFlow } from "./flow";
import { grantsManagement } from "./management-permissions";
import type { Grants } from "./permissions/explain";
import type { PermissionMatcher } from "./permissions/matcher";
import { createPrincipal, type Principal } from "./principal";
import type { Awaitable, KeyLookup } from "./store";
import { keyKindOf } from "./tokens";
import type { Role, StoredKey, User } from "./types";

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
    const result = authenticateAwaitable(ctx, key);
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
  if (!ctx.events.active) return runFlow(authenticateSteps(ctx, key));
  let result: Awaitable<AuthResult>;
  try {
    result = runFlow(authenticateSteps(ctx, key));
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

function* authenticateSteps(
  ctx: KeywardContext,
  key: string | null | undefined,
): Generator<unknown, AuthResult, unknown> {
  if (key === null || key === undefined) return yield* publicSteps(ctx);
  // Shape first: garbage never costs a hash or a store call.
  const kind = keyKindOf(key);
  if (kind === null) return refuse(ctx, MALFORMED, null);
  const hash = (yield ctx.hash(key)) as string;
  const cache = ctx.cache;
  let cached: CachedLookup | null = null;
  let lookup: KeyLookup | null | undefined;
  if (cache !== null) {
    const hit = cache.get(hash, ctx.nowMs());
    if (hit === UNKNOWN_KEY) return refuse(ctx, UNKNOWN, null);
    if (hit !== undefined) {
      cached = hit;
      lookup = hit.lookup;
    } else {
      const generation = cache.generation;
      lookup = yield* loadLookup(ctx, hash);
      cached = cache.remember(hash, lookup, ctx.nowMs(), generation);
    }
  } else {
    // One round trip where the store can read key, owner and role together; three otherwise.
    lookup = ctx.store.lookupKey
      ? ((yield ctx.call("lookupKey", () => ctx.store.lookupKey!(hash))) as KeyLookup | null)
      : undefined;
  }
  const stored =
    lookup === undefined
      ? ((yield ctx.call("findKeyByHash", () => ctx.store.findKeyByHash(hash))) as StoredKey | null)
      : (lookup?.key ?? null);
  const now = ctx.nowMs();
  if (stored === null || stored.hash !== hash || stored.kind !== kind) return refuse(ctx, UNKNOWN, null);
  if (stored.revokedAt !== null) return refuse(ctx, REVOKED, stored);
  if (stored.expiresAt !== null && stored.expiresAt.getTime() <= now) return refuse(ctx, EXPIRED, stored);
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
    if (user === null) return refuse(ctx, OWNER_MISSING, stored);
    if (!user.active) return refuse(ctx, OWNER_INACTIVE, stored);
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
  touchIfStale(ctx, stored, now, cached);
  const grants: Grants = {
    isSuper,
    role: roleMatcher,
    scope:
      stored.permissions === null ? null : ctx.roleMatchers.scopeMatcherFor(stored.id, stored.permissions),
    inherited,
  };
  const principal = createPrincipal(
    { kind: stored.kind, userId: stored.userId, keyId: stored.id, role: roleId },
    grants,
    { keyHash: stored.hash, scoped: stored.permissions !== null },
  );
  return { ok: true, principal };
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
    principal: createPrincipal({ kind: "public", userId: null, keyId: null, role: appid }, grants),
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
