import { compilePermissions } from "./permissions/matcher";

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
