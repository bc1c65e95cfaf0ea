import { type Explanation, explainPermission, type Grants, isAllowed } from "./permissions/explain";

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

const NOTHING = (): boolean => false;

/**
 * The check a principal runs, chosen once per principal. The common case (a role, no scope, no
 * super role, nothing inherited) goes straight to the role's matcher: `can()` is on every guarded
 * request. Every matcher answers `false` for a non-string, so no `typeof` is needed here.
 */
function checkerFor(grants: Grants): (permission: string) => boolean {
  const { role, scope, isSuper, inherited } = grants;
  if (scope === null && !isSuper && (inherited === undefined || inherited === null)) {
    return role === null ? NOTHING : (permission) => role.allows(permission);
  }
  return (permission) => isAllowed(grants, permission);
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
  readonly #check: (permission: string) => boolean;
  // An ES private field: invisible to JSON.stringify, console.log, spread and Object.keys.
  readonly #credential: PrincipalCredential | null;

  static {
    credentialOf = (principal) => (#credential in principal ? principal.#credential : null);
    grantsOf = (principal) => (#credential in principal ? principal.grants : null);
  }

  constructor(
    readonly kind: PrincipalKind,
    readonly userId: string | null,
    readonly keyId: string | null,
    readonly role: string | null,
    private readonly grants: Grants,
    credential: PrincipalCredential | null,
  ) {
    this.#check = checkerFor(grants);
    this.#credential = credential;
  }

  can(permission: string): boolean {
    return this.#check(permission);
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
    return explainPermission(this.grants, permission);
  }

  /** Keeps the grants out of `JSON.stringify` and logs: they are internal. */
  toJSON(): object {
    return { kind: this.kind, userId: this.userId, keyId: this.keyId, role: this.role };
  }
}

/**
 * Builds a principal. Internal to core: adapters receive principals from `authenticate`.
 * @param fields - identity of the principal
 * @param grants - its resolved permission data
 */
export function createPrincipal(
  fields: { kind: PrincipalKind; userId: string | null; keyId: string | null; role: string | null },
  grants: Grants,
  credential: PrincipalCredential | null = null,
): Principal {
  return new GrantedPrincipal(fields.kind, fields.userId, fields.keyId, fields.role, grants, credential);
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
