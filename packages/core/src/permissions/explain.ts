import type { PermissionMatcher, RuleDecision } from "./matcher";
import { isPermissionName } from "./syntax";

/** Why a principal may or may not do something. */
export interface Explanation {
  readonly allowed: boolean;
  /**
   * - `superRole`: the principal's role is the super role.
   * - `pattern`: a rule allowed it (`pattern` names it).
   * - `deny`: a `!` rule denied it (`pattern` names it).
   * - `no-match`: no rule allowed it (or the name is not a well-formed permission name).
   * - `scope`: the role allows it but the key's own scope does not (`pattern` names the scope's
   *   deny rule when one decided).
   */
  readonly by: "superRole" | "pattern" | "deny" | "no-match" | "scope";
  readonly pattern?: string;
  /** `true` when the deciding rule is the public role's, inherited through `publicInherits`. */
  readonly inherited?: true;
}

/** Everything a permission check depends on, resolved at authentication time. */
export interface Grants {
  /** The principal's role is the super role. */
  readonly isSuper: boolean;
  /** The role's compiled patterns; `null` when the role does not exist (grants nothing). */
  readonly role: PermissionMatcher | null;
  /** The key's narrowing scope; `null` when the key is not scoped. */
  readonly scope: PermissionMatcher | null;
  /**
   * The public role's patterns, for authenticated principals when `publicInherits` is on; absent or
   * `null` otherwise. They add to the role's: the role's denies do not remove what the public role
   * allows, because dropping the key would grant it anyway. A key's scope still narrows them.
   */
  readonly inherited?: PermissionMatcher | null;
}

/**
 * Whether the grants allow `permission`. The hot path of every guarded request: for an exact name
 * it is one or two `Map` lookups and allocates nothing.
 * @param grants - resolved grants of a principal
 * @param permission - a permission name
 */
export function isAllowed(grants: Grants, permission: string): boolean {
  if (grants.scope !== null && !grants.scope.allows(permission)) return false;
  // The super role may do everything that is a permission at all; a malformed name is still refused.
  if (grants.isSuper) return isPermissionName(permission);
  if (grants.role?.allows(permission) === true) return true;
  return grants.inherited?.allows(permission) === true;
}

function fromRule(decision: RuleDecision, inherited: boolean): Explanation {
  const mark = inherited ? ({ inherited: true } as const) : {};
  if (decision.effect === "allow")
    return { allowed: true, by: "pattern", pattern: decision.pattern, ...mark };
  if (decision.effect === "deny") return { allowed: false, by: "deny", pattern: decision.pattern, ...mark };
  return { allowed: false, by: "no-match" };
}

function roleExplanation(grants: Grants, permission: string): Explanation {
  if (grants.isSuper) {
    return isPermissionName(permission)
      ? { allowed: true, by: "superRole" }
      : { allowed: false, by: "no-match" };
  }
  const own = fromRule(grants.role?.decide(permission) ?? { effect: "none" }, false);
  if (own.allowed || grants.inherited == null) return own;
  const inherited = fromRule(grants.inherited.decide(permission), true);
  if (inherited.allowed) return inherited;
  // Neither allows: name the role's own deny first, it is what an operator looks at.
  return own.by === "deny" ? own : inherited;
}

/**
 * Explains the decision {@link isAllowed} makes, naming the rule that decided it. Always agrees
 * with `isAllowed` on `allowed`.
 * @param grants - resolved grants of a principal
 * @param permission - a permission name
 */
export function explainPermission(grants: Grants, permission: string): Explanation {
  const decision = roleExplanation(grants, permission);
  if (!decision.allowed || grants.scope === null) return decision;
  const scoped = grants.scope.decide(permission);
  if (scoped.effect === "allow") return decision;
  return scoped.effect === "deny"
    ? { allowed: false, by: "scope", pattern: scoped.pattern }
    : { allowed: false, by: "scope" };
}
