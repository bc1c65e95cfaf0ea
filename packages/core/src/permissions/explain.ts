import type { PermissionMatcher } from "./matcher";

/** Why a principal may or may not do something. */
export interface Explanation {
  readonly allowed: boolean;
  /**
   * - `superRole`: the principal's role is the super role.
   * - `pattern`: a rule of the role allowed it (`pattern` names it).
   * - `deny`: a `!` rule denied it (`pattern` names it).
   * - `no-match`: no rule allowed it.
   * - `scope`: the role allows it but the key's own scope does not.
   */
  readonly by: "superRole" | "pattern" | "deny" | "no-match" | "scope";
  readonly pattern?: string;
}

/** Everything a permission check depends on, resolved at authentication time. */
export interface Grants {
  /** The principal's role is the super role. */
  readonly isSuper: boolean;
  /** The role's compiled patterns; `null` when the role does not exist (grants nothing). */
  readonly role: PermissionMatcher | null;
  /** The key's narrowing scope; `null` when the key is not scoped. */
  readonly scope: PermissionMatcher | null;
}

/**
 * Whether the grants allow `permission`. The hot path of every guarded request.
 * @param grants - resolved grants of a principal
 * @param permission - a permission name
 */
export function isAllowed(grants: Grants, permission: string): boolean {
  if (grants.scope !== null && !grants.scope.allows(permission)) return false;
  if (grants.isSuper) return true;
  return grants.role?.allows(permission) === true;
}

/**
 * Explains the decision {@link isAllowed} makes, naming the rule that decided it.
 * @param grants - resolved grants of a principal
 * @param permission - a permission name
 */
export function explainPermission(grants: Grants, permission: string): Explanation {
  let roleDecision: Explanation;
  if (grants.isSuper) roleDecision = { allowed: true, by: "superRole" };
  else {
    const decision = grants.role?.decide(permission) ?? { effect: "none" as const };
    if (decision.effect === "allow")
      roleDecision = { allowed: true, by: "pattern", pattern: decision.pattern };
    else if (decision.effect === "deny")
      roleDecision = { allowed: false, by: "deny", pattern: decision.pattern };
    else roleDecision = { allowed: false, by: "no-match" };
  }
  if (!roleDecision.allowed || grants.scope === null) return roleDecision;
  const scoped = grants.scope.decide(permission);
  if (scoped.effect === "allow") return roleDecision;
  return scoped.effect === "deny"
    ? { allowed: false, by: "scope", pattern: scoped.pattern }
    : { allowed: false, by: "scope" };
}
