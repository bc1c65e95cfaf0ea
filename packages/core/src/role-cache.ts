import { compilePermissions, type PermissionMatcher } from "./permissions/matcher";
import type { Role } from "./types";

interface CachedRole {
  readonly permissions: readonly string[];
  readonly matcher: PermissionMatcher;
}

/** Distinct key scopes kept compiled; the least recently used is dropped beyond this. */
const MAX_SCOPES = 256;
/** Scopes are many and small: remember fewer wildcard decisions per scope than per role. */
const SCOPE_MEMO_SIZE = 128;

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
  /** Keyed by the JSON of the pattern list: unambiguous whatever the patterns contain. */
  readonly #scopes = new Map<string, PermissionMatcher>();

  /**
   * The matcher of a role, compiled on first use or after its patterns changed.
   * @param role - the role as the store returned it
   */
  matcherFor(role: Role): PermissionMatcher {
    const cached = this.#byAppid.get(role.appid);
    if (cached !== undefined && samePatterns(cached.permissions, role.permissions)) return cached.matcher;
    // Keep our own copy: a caller mutating its array must not change what the cache compares with.
    const permissions = [...role.permissions];
    const matcher = compilePermissions(permissions);
    this.#byAppid.set(role.appid, { permissions, matcher });
    return matcher;
  }

  /**
   * The matcher of a key's scope. Many keys share a few scopes (e.g. `["content/**\/read"]`), so
   * they are compiled once, not on every authentication; at most 256 distinct scopes are kept.
   * Cycling through more scopes than that only costs a compile per authentication, which is linear
   * in the scope's size and bounded by the pattern limits, whatever the patterns say.
   * @param patterns - the key's `permissions`
   */
  scopeMatcherFor(patterns: readonly string[]): PermissionMatcher {
    const key = JSON.stringify(patterns);
    const cached = this.#scopes.get(key);
    if (cached !== undefined) {
      // Move to the back: a Map iterates in insertion order, so the front is least recently used.
      this.#scopes.delete(key);
      this.#scopes.set(key, cached);
      return cached;
    }
    const matcher = compilePermissions([...patterns], { memoSize: SCOPE_MEMO_SIZE });
    if (this.#scopes.size >= MAX_SCOPES) {
      const oldest = this.#scopes.keys().next();
      if (oldest.done !== true) this.#scopes.delete(oldest.value);
    }
    this.#scopes.set(key, matcher);
    return matcher;
  }

  /**
   * Drops a role's matcher, e.g. when the role is removed.
   * @param appid - the role's id
   */
  forget(appid: string): void {
    this.#byAppid.delete(appid);
  }
}
