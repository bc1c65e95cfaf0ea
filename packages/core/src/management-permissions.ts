import { compilePermissions, type PermissionMatcher } from "./permissions/matcher";

/** The permissions that guard the management API itself. */
export const MANAGEMENT_PERMISSIONS = [
  "keyward/keys/manage",
  "keyward/roles/manage",
  "keyward/users/manage",
  "keyward/settings/manage",
] as const;

/**
 * The first management permission the patterns grant, or `null`. A role that grants one must never
 * be the public role: everyone without a key would act with it.
 * @param patterns - a role's permission patterns
 */
export function grantedManagementPermission(patterns: readonly string[]): string | null {
  const matcher = compilePermissions(patterns, { memoSize: 0 });
  for (const permission of MANAGEMENT_PERMISSIONS) if (matcher.allows(permission)) return permission;
  return null;
}

const managing = new WeakMap<PermissionMatcher, boolean>();

/**
 * Whether a compiled role grants any management permission; remembered per matcher, so the check
 * on every keyless request is one `WeakMap` lookup.
 * @param matcher - a role's compiled matcher
 */
export function grantsManagement(matcher: PermissionMatcher): boolean {
  let verdict = managing.get(matcher);
  if (verdict === undefined) {
    verdict = MANAGEMENT_PERMISSIONS.some((permission) => matcher.allows(permission));
    managing.set(matcher, verdict);
  }
  return verdict;
}
