import type { Grants } from "./permissions/explain";
import { compilePermissions, type PermissionMatcher } from "./permissions/matcher";
import type { Role } from "./types";

interface CachedRole {
  readonly permissions: readonly string[];
  readonly matcher: PermissionMatcher;
  /** The grants of a key acting with this role alone, shared by its principals (frozen). */
  readonly grants: Grants;
}

/** Key scopes kept compiled, counted in patterns: a few huge scopes cannot hold much memory. */
const MAX_SCOPE_PATTERNS = 20_000;
/** Key scopes kept compiled, counted in keys. */
const MAX_SCOPES = 2048;
/** Scopes are many and small: remember fewer wildcard decisions per scope than per role. */
const SCOPE_MEMO_SIZE = 128;

interface CachedScope {
  readonly permissions: readonly string[];
  readonly matcher: PermissionMatcher;
}

/**
 * Whether a cached scope still belongs to the key. A key's scope never changes (no API changes it;
 * a refresh keeps it), so a constant-time check of its size and ends is enough to notice a store
 * edited behind keyward's back, without touching every pattern on every request.
 */
function sameScope(cached: readonly string[], current: readonly string[]): boolean {
  return (
    cached === current ||
    (cached.length === current.length &&
      cached[0] === current[0] &&
      cached[cached.length - 1] === current[current.length - 1])
  );
}

function samePatterns(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Compiled matchers by role, recompiled only when a role's patterns change, plus a bounded cache of
 * compiled key scopes. Roles are read from the store on each authentication (another process may
 * have changed them); compiling is what is cached.
 */
export class RoleMatcherCache {
  readonly #byAppid = new Map<string, CachedRole>();
  /** Compiled scopes by key id. */
  readonly #scopes = new Map<string, CachedScope>();
  /** Patterns held by {@link RoleMatcherCache.#scopes}, for the memory bound. */
  #scopePatterns = 0;

  /**
   * The matcher of a role, compiled on first use or after its patterns changed.
   * @param role - the role as the store returned it
   */
  matcherFor(role: Role): PermissionMatcher {
    return this.#compiled(role).matcher;
  }

  /**
   * The grants of a principal acting with `role` alone (not the super role, no scope, nothing
   * inherited): one frozen object per compiled role, so authenticating allocates none.
   * @param role - the role as the store returned it
   */
  grantsFor(role: Role): Grants {
    return this.#compiled(role).grants;
  }

  #compiled(role: Role): CachedRole {
    const cached = this.#byAppid.get(role.appid);
    if (cached !== undefined && samePatterns(cached.permissions, role.permissions)) return cached;
    // Keep our own copy: a caller mutating its array must not change what the cache compares with.
    const permissions = [...role.permissions];
    const matcher = compilePermissions(permissions);
    const grants: Grants = Object.freeze({ isSuper: false, role: matcher, scope: null, inherited: null });
    const compiled = { permissions, matcher, grants };
    this.#byAppid.set(role.appid, compiled);
    return compiled;
  }

  /**
   * The matcher of a key's scope, compiled once per key and kept while the key is in use. Costs a
   * `Map` lookup per authentication, whatever the scope's size; at most {@link MAX_SCOPES} keys and
   * {@link MAX_SCOPE_PATTERNS} patterns are kept, least recently used dropped first.
   * @param keyId - the key's id
   * @param patterns - the key's `permissions`
   */
  scopeMatcherFor(keyId: string, patterns: readonly string[]): PermissionMatcher {
    const cached = this.#scopes.get(keyId);
    if (cached !== undefined && sameScope(cached.permissions, patterns)) {
      // Move to the back: a Map iterates in insertion order, so the front is least recently used.
      this.#scopes.delete(keyId);
      this.#scopes.set(keyId, cached);
      return cached.matcher;
    }
    if (cached !== undefined) this.#drop(keyId, cached);
    const permissions = [...patterns];
    const matcher = compilePermissions(permissions, { memoSize: SCOPE_MEMO_SIZE });
    while (
      this.#scopes.size > 0 &&
      (this.#scopes.size >= MAX_SCOPES || this.#scopePatterns + permissions.length > MAX_SCOPE_PATTERNS)
    ) {
      const [oldestId, oldest] = this.#scopes.entries().next().value as [string, CachedScope];
      this.#drop(oldestId, oldest);
    }
    this.#scopes.set(keyId, { permissions, matcher });
    this.#scopePatterns += permissions.length;
    return matcher;
  }

  #drop(keyId: string, scope: CachedScope): void {
    this.#scopes.delete(keyId);
    this.#scopePatterns -= scope.permissions.length;
  }

  /**
   * Drops a role's matcher, e.g. when the role is removed.
   * @param appid - the role's id
   */
  forget(appid: string): void {
    this.#byAppid.delete(appid);
  }
}
