import { type Explanation, explainPermission, type Grants, isAllowed } from "./permissions/explain";
import type { PermissionMatcher } from "./permissions/matcher";

/** Who is making a request: a user's key, an app key, or nobody (the public role). */
export type PrincipalKind = "user" | "app" | "public";

/**
 * The authenticated caller. Permission checks are synchronous lookups on data resolved when the
 * key was authenticated.
 *
 * @example
 * ```ts
 * const result = await keyward.authenticate(key);
 * if (result.ok && result.principal.can("content/posts/read")) serve();
 * ```
 */
export interface Principal {
  readonly kind: PrincipalKind;
  /** The owner of a user key; `null` for app keys and the public principal. */
  readonly userId: string | null;
  /** The key that authenticated; `null` for the public principal. */
  readonly keyId: string | null;
  /** The role acted with (the user's role for user keys). */
  readonly role: string | null;
  /** Whether the principal may do `permission`. */
  can(permission: string): boolean;
  /** Whether the principal may do every permission listed (true for an empty list). */
  canAll(permissions: readonly string[]): boolean;
  /** Whether the principal may do at least one permission listed (false for an empty list). */
  canAny(permissions: readonly string[]): boolean;
  /** Which rule allows or denies `permission`. */
  explain(permission: string): Explanation;
}

/**
 * What core remembers about the key behind a principal, out of sight of applications and logs: the
 * hash it authenticated with (so "refresh the key that made this call" cannot refresh a secret
 * that was rotated in between) and whether the key is scoped.
 */
export interface PrincipalCredential {
  readonly keyHash: string;
  readonly scoped: boolean;
}

let credentialOf: (principal: Principal) => PrincipalCredential | null = () => null;
let grantsOf: (principal: Principal) => Grants | null = () => null;

class GrantedPrincipal implements Principal {
  // Assigned in the constructor, not declared as class fields: a declared field is first defined
  // as undefined and then assigned, and a principal is built on every authenticated request.
  declare readonly kind: PrincipalKind;
  declare readonly userId: string | null;
  declare readonly keyId: string | null;
  declare readonly role: string | null;
  // ES private fields: invisible to JSON.stringify, console.log, spread and Object.keys.
  readonly #grants: Grants;
  readonly #keyHash: string | null;
  /** The role's matcher when it alone decides (no scope, not super, nothing inherited), else null. */
  readonly #direct: PermissionMatcher | null;

  static {
    // The credential object is built when asked for (rarely: key management), not per request.
    credentialOf = (principal) =>
      #keyHash in principal && principal.#keyHash !== null
        ? { keyHash: principal.#keyHash, scoped: principal.#grants.scope !== null }
        : null;
    grantsOf = (principal) => (#grants in principal ? principal.#grants : null);
  }

  constructor(
    kind: PrincipalKind,
    userId: string | null,
    keyId: string | null,
    role: string | null,
    grants: Grants,
    keyHash: string | null,
  ) {
    this.kind = kind;
    this.userId = userId;
    this.keyId = keyId;
    this.role = role;
    this.#grants = grants;
    this.#keyHash = keyHash;
    this.#direct = grants.scope === null && !grants.isSuper && grants.inherited == null ? grants.role : null;
  }

  can(permission: string): boolean {
    // Every matcher answers `false` for a non-string, so no `typeof` is needed here. A role alone
    // (the common case) is one call; no closure is built per principal, which is built on every
    // authenticated request.
    const direct = this.#direct;
    return direct !== null ? direct.allows(permission) : isAllowed(this.#grants, permission);
  }

  canAll(permissions: readonly string[]): boolean {
    for (const permission of permissions) if (!this.can(permission)) return false;
    return true;
  }

  canAny(permissions: readonly string[]): boolean {
    for (const permission of permissions) if (this.can(permission)) return true;
    return false;
  }

  explain(permission: string): Explanation {
    return explainPermission(this.#grants, permission);
  }

  /** Keeps internals out of `JSON.stringify` and logs. */
  toJSON(): object {
    return { kind: this.kind, userId: this.userId, keyId: this.keyId, role: this.role };
  }
}

/**
 * Builds a principal. Internal to core: adapters receive principals from `authenticate`.
 * @param kind - user, app or public
 * @param userId - the owner of a user key
 * @param keyId - the key that authenticated
 * @param role - the role acted with
 * @param grants - its resolved permission data (never mutated afterwards: may be shared)
 * @param keyHash - the hash the key authenticated with; `null` for the public principal
 */
export function createPrincipal(
  kind: PrincipalKind,
  userId: string | null,
  keyId: string | null,
  role: string | null,
  grants: Grants,
  keyHash: string | null,
): Principal {
  return new GrantedPrincipal(kind, userId, keyId, role, grants, keyHash);
}

/**
 * Whether `value` is a principal that `authenticate` created, not an object of the same shape: an
 * adapter that finds something under `req.auth` (another library's JWT payload, say) must not take
 * it for a keyward principal.
 * @param value - anything
 */
export function isPrincipal(value: unknown): value is Principal {
  return value instanceof GrantedPrincipal;
}

/**
 * The credential core remembered for a principal it created, or `null` (the public principal, or an
 * object that did not come from `authenticate`). Internal to core: not exported from the package.
 * @param principal - a principal
 */
export function principalCredential(principal: Principal): PrincipalCredential | null {
  return credentialOf(principal);
}

/**
 * Whether the principal may do `permission` by its own role and scope alone, leaving out what it
 * inherits from the public role (`publicInherits`). Management checks use this: what anyone gets
 * without a key is never authority to manage. `false` for a principal core did not create.
 * Internal to core.
 * @param principal - a principal
 * @param permission - a permission name
 */
export function canByOwnRole(principal: Principal, permission: string): boolean {
  const grants = grantsOf(principal);
  if (grants === null) return false;
  return isAllowed(grants.inherited == null ? grants : { ...grants, inherited: null }, permission);
}

/**
 * The grants core resolved for a principal it created, or `null`. Internal to core.
 * @param principal - a principal
 */
export function principalGrants(principal: Principal): Grants | null {
  return grantsOf(principal);
}
