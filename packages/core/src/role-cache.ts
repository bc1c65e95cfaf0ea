import { compilePermissions, type PermissionMatcher } from "./permissions/matcher";
import type { Role } from "./types";

interface CachedRole {
  readonly permissions: readonly string[];
  readonly matcher: PermissionMatcher;
}

function samePatterns(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Compiled matchers by role, recompiled only when a role's patterns change. Roles are read from the
 * store on each authentication (another process may have changed them); compiling is what is cached.
 */
export class RoleMatcherCache {
  readonly #byAppid = new Map<string, CachedRole>();

  /**
   * The matcher of a role, compiled on first use or after its patterns changed.
   * @param role - the role as the store returned it
   */
  matcherFor(role: Role): PermissionMatcher {
    const cached = this.#byAppid.get(role.appid);
    if (cached !== undefined && samePatterns(cached.permissions, role.permissions)) return cached.matcher;
    const matcher = compilePermissions(role.permissions);
    this.#byAppid.set(role.appid, { permissions: role.permissions, matcher });
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
