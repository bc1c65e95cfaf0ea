import { KeywardError } from "../errors";

/**
 * What one compiled list of permission patterns says about one permission name.
 * `pattern` names the rule that decided, for `explain`.
 */
export type RuleDecision =
  | { readonly effect: "allow"; readonly pattern: string }
  | { readonly effect: "deny"; readonly pattern: string }
  | { readonly effect: "none" };

/** A list of permission patterns compiled once into a lookup structure. */
export interface PermissionMatcher {
  /** The patterns this matcher was compiled from. */
  readonly patterns: readonly string[];
  /** Whether the patterns allow `permission` (an allow matches and no deny does). */
  allows(permission: string): boolean;
  /** Which rule decides `permission`, for explanations. */
  decide(permission: string): RuleDecision;
}

const NONE: RuleDecision = { effect: "none" };

/**
 * Checks that every pattern is a non-empty string of printable characters. Throws
 * `INVALID_ARGUMENT` naming the first bad pattern.
 * @param patterns - the patterns of a role or a key scope
 * @param field - the field name to put in the error message
 */
export function validatePermissionPatterns(patterns: unknown, field = "permissions"): readonly string[] {
  if (!Array.isArray(patterns))
    throw new KeywardError("INVALID_ARGUMENT", `${field} must be an array of strings`);
  for (const pattern of patterns) {
    if (typeof pattern !== "string" || pattern.length === 0 || pattern.length > 256) {
      throw new KeywardError(
        "INVALID_ARGUMENT",
        `${field} contains an invalid pattern: ${JSON.stringify(pattern)}`,
      );
    }
  }
  return patterns as readonly string[];
}

/**
 * Compiles patterns into a matcher. Exact names only, kept in a `Set` so that a check is one lookup.
 * @param patterns - validated permission patterns
 */
export function compilePermissions(patterns: readonly string[]): PermissionMatcher {
  const exact = new Set(patterns);
  return {
    patterns,
    allows: (permission) => exact.has(permission),
    decide: (permission) => (exact.has(permission) ? { effect: "allow", pattern: permission } : NONE),
  };
}
