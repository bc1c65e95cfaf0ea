import { KeywardError } from "../../errors";
import type { Keyward } from "../../keyward";
import { MANAGEMENT_PERMISSIONS } from "../../management-permissions";
import { compilePermissions, validatePermissionPatterns } from "../../permissions/matcher";
import { canByOwnRole, type Principal, principalCredential, principalGrants } from "../../principal";
import { quoteInput, redactKeys } from "../../redact";
import { patternsWithin } from "./role-containment";

export { MANAGEMENT_PERMISSIONS };

/** A management request the caller's permissions do not cover: answered with 403 and the message. */
export class ManagementForbidden extends Error {
  /** @param message - what the caller lacks; never key material */
  constructor(message: string) {
    super(redactKeys(message));
    this.name = "ManagementForbidden";
  }
}

/**
 * Requires that the caller may hand out or take over what `roleId` grants, so that no management
 * permission is a path to more power than the caller has:
 * - the super role only to an unscoped super-role caller;
 * - a role granting a management permission only to a caller holding that permission.
 * Other permissions of the role (content, say) are the point of delegating key management and are
 * not compared. `null` (no role) is always allowed.
 *
 * @param keyward - the instance
 * @param caller - the principal making the request
 * @param roleId - the role the key or user would act with
 */
export async function requireAuthorityOver(
  keyward: Keyward,
  caller: Principal,
  roleId: string | null,
): Promise<void> {
  if (roleId === null) return;
  const callerIsSuper = caller.role === keyward.superRole && principalCredential(caller)?.scoped !== true;
  if (callerIsSuper) return;
  if (roleId === keyward.superRole) {
    throw new ManagementForbidden(
      `Only an unscoped ${keyward.superRole} key may manage keys or users of the super role`,
    );
  }
  const role = await keyward.roles.get(roleId);
  if (role === null) return;
  const grants = compilePermissions(role.permissions);
  for (const permission of MANAGEMENT_PERMISSIONS) {
    // Only the caller's own role counts: what the public role lends (`publicInherits`) is what
    // anyone has without a key, never power to hand out.
    if (grants.allows(permission) && !canByOwnRole(caller, permission)) {
      throw new ManagementForbidden(
        `Role ${quoteInput(roleId)} grants ${permission}, which this key does not hold`,
      );
    }
  }
}

/**
 * Requires that the caller holds, by its own role and scope, everything `roleId` grants: making a
 * role public hands its permissions to everyone without a key, so only someone who already holds
 * them may do it. The check is conservative (see `patternsWithin`): an unscoped super-role key can
 * always do it. `null` (switching the public role off) is always allowed.
 * @param keyward - the instance
 * @param caller - the principal making the request
 * @param roleId - the role to make public
 */
export async function requireHoldsRole(
  keyward: Keyward,
  caller: Principal,
  roleId: string | null,
): Promise<void> {
  if (roleId === null) return;
  const grants = principalGrants(caller);
  const scoped = grants?.scope != null;
  if (caller.role === keyward.superRole && grants?.isSuper === true && !scoped) return;
  const role = await keyward.roles.get(roleId);
  // Unknown roles are refused by setPublicRole itself, with 404.
  if (role === null) return;
  const own = grants?.isSuper === true ? ["**"] : (grants?.role?.patterns ?? []);
  const scope = grants?.scope?.patterns ?? null;
  if (
    grants === null ||
    !patternsWithin(role.permissions, own) ||
    (scope !== null && !patternsWithin(role.permissions, scope))
  ) {
    throw new ManagementForbidden(
      `Making role ${quoteInput(roleId)} public hands everything it grants to callers without a key; this key does not hold all of it`,
    );
  }
}

/**
 * The scope a key for another user gets when someone other than an unscoped super-role key mints
 * it. A user key acts with whatever role its owner has *later*: a key manager could otherwise mint a
 * key for a user who can do little, keep the secret, and gain everything that user is promoted to.
 * So such a key is frozen at what its owner's role grants now — its scope is that role's patterns,
 * or, when the caller gave a scope, that scope, which must lie within them (403 otherwise).
 * Returns `undefined` when nothing is to change (a super-role caller, or the caller's own key).
 * @param keyward - the instance
 * @param caller - the principal minting the key
 * @param roleId - the owner's role now
 * @param requested - the scope the caller asked for, if any
 */
export async function delegatedUserKeyScope(
  keyward: Keyward,
  caller: Principal,
  roleId: string | null,
  requested: unknown,
): Promise<readonly string[] | undefined> {
  const callerIsSuper = caller.role === keyward.superRole && principalCredential(caller)?.scoped !== true;
  if (callerIsSuper || roleId === null) return undefined;
  // A malformed scope is a 400 naming the field, before any question of authority.
  if (requested !== undefined) validatePermissionPatterns(requested, "permissions");
  const role = await keyward.roles.get(roleId);
  // A missing role grants nothing; the key can do nothing until an admin fixes the user.
  const granted = role?.permissions ?? [];
  if (requested === undefined) return granted;
  if (!patternsWithin(requested as string[], granted)) {
    throw new ManagementForbidden(
      `A key minted for another user may do at most what the user's role ${quoteInput(roleId)} grants now; narrow permissions to within it`,
    );
  }
  return requested as string[];
}

/**
 * The role a key acts with: its own for an app key, its owner's for a user key (`null` when the
 * owner is gone).
 * @param keyward - the instance
 * @param keyId - the key's id
 */
export async function roleOfKey(keyward: Keyward, keyId: string): Promise<string | null> {
  const record = await keyward.keys.get(keyId);
  if (record === null) throw new KeywardError("NOT_FOUND", `Unknown key ${quoteInput(keyId)}`);
  return record.userId === null ? record.role : roleOfUser(keyward, record.userId);
}

/**
 * The role a user acts with, or `null` when there is no such user.
 * @param keyward - the instance
 * @param userId - the user's id
 */
export async function roleOfUser(keyward: Keyward, userId: string): Promise<string | null> {
  return (await keyward.users.get(userId))?.role ?? null;
}
