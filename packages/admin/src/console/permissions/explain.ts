import { isPermissionName, type RuleDecision } from "@keyward/core";
import { compilePermissions, type PermissionMatcher } from "@keyward/core/adapter";
import type { KeyRecord, Role, User } from "../api/types";

/** A decision and the rule that made it, in words. */
export interface Verdict {
  readonly allowed: boolean;
  /** Why, in one sentence that names the rule. */
  readonly because: string;
  /** The HTTP status a guarded route would answer when denied: 401 (no valid credential) or 403. */
  readonly status: 200 | 401 | 403;
}

/** Everything the server would know when the request comes in, read from the management API. */
export interface World {
  readonly roles: readonly Role[];
  /** The public role's appid, or `null` when requests without a key are refused. */
  readonly publicRole: string | null;
  readonly superRole: string;
  readonly publicInherits: boolean;
  readonly now: Date;
}

const MANAGEMENT = [
  "keyward/keys/manage",
  "keyward/roles/manage",
  "keyward/users/manage",
  "keyward/settings/manage",
];
const quote = (value: string) => `“${value}”`;

interface Grants {
  readonly roleId: string | null;
  readonly isSuper: boolean;
  /** `null`: the role does not exist (grants nothing). */
  readonly role: PermissionMatcher | null;
  readonly scope: PermissionMatcher | null;
  readonly inherited: PermissionMatcher | null;
  /** The public role whose rules `inherited` holds. */
  readonly inheritedFrom: string | null;
}

const matcherOf = (world: World, appid: string | null): PermissionMatcher | null => {
  const role = world.roles.find((candidate) => candidate.appid === appid);
  return role === undefined ? null : compilePermissions(role.permissions, { memoSize: 0 });
};

// The public role never grants anything when it would manage keyward (the server's rule too).
const publicMatcher = (world: World): PermissionMatcher | null => {
  const matcher = matcherOf(world, world.publicRole);
  return matcher !== null && MANAGEMENT.some((permission) => matcher.allows(permission)) ? null : matcher;
};

function refused(because: string): Verdict {
  return { allowed: false, because, status: 401 };
}

function roleSentence(decision: RuleDecision, roleId: string | null, inherited: boolean): string {
  const whose = inherited ? `the public role ${quote(roleId ?? "?")}` : `role ${quote(roleId ?? "?")}`;
  if (decision.effect === "allow") return `rule ${quote(decision.pattern)} of ${whose} allows it`;
  if (decision.effect === "deny") return `rule ${quote(decision.pattern)} of ${whose} denies it`;
  return `no rule of ${whose} matches it`;
}

function decide(grants: Grants, permission: string, deniedStatus: 401 | 403): Verdict {
  const denied = (because: string): Verdict => ({ allowed: false, because, status: deniedStatus });
  let own: Verdict;
  if (grants.isSuper) {
    own = isPermissionName(permission)
      ? { allowed: true, because: `role ${quote(grants.roleId ?? "?")} is the super role`, status: 200 }
      : denied("it is not a well-formed permission name");
  } else if (grants.role === null) {
    own = denied(`role ${quote(grants.roleId ?? "?")} does not exist, so it grants nothing`);
  } else {
    const decision = grants.role.decide(permission);
    const sentence = roleSentence(decision, grants.roleId, false);
    own = decision.effect === "allow" ? { allowed: true, because: sentence, status: 200 } : denied(sentence);
    if (!own.allowed && grants.inherited !== null) {
      const lent = grants.inherited.decide(permission);
      if (lent.effect === "allow")
        own = { allowed: true, because: roleSentence(lent, grants.inheritedFrom, true), status: 200 };
    }
  }
  if (!own.allowed || grants.scope === null) return own;
  const scoped = grants.scope.decide(permission);
  if (scoped.effect === "allow") return own;
  return denied(
    scoped.effect === "deny"
      ? `the role allows it but the key's scope denies it with ${quote(scoped.pattern)}`
      : "the role allows it but the key's scope does not include it",
  );
}

/**
 * What a request without a key may do: the public role's rules, as the server applies them.
 * @param world - roles and settings
 * @param permission - the permission to check
 */
export function explainWithoutKey(world: World, permission: string): Verdict {
  if (world.publicRole === null) {
    return refused("no public role is set, so a request without a key is refused");
  }
  const grants: Grants = {
    roleId: world.publicRole,
    isSuper: false,
    role: publicMatcher(world),
    scope: null,
    inherited: null,
    inheritedFrom: null,
  };
  if (grants.role === null && matcherOf(world, world.publicRole) !== null) {
    return refused(`the public role ${quote(world.publicRole)} would manage keyward, so it grants nothing`);
  }
  // Without a key, a missing permission is 401: a key might have it.
  return decide(grants, permission, 401);
}

/**
 * What a request with this key may do, worked out the way the server does it: the key's state,
 * its owner, its role, the super role, the public role lent by `publicInherits`, and its scope.
 * @param world - roles and settings
 * @param record - the key's record
 * @param owner - the user of a user key (`null` when there is no such user); ignored for app keys
 * @param permission - the permission to check
 */
export function explainWithKey(
  world: World,
  record: KeyRecord,
  owner: User | null,
  permission: string,
): Verdict {
  if (record.revokedAt !== null) return refused("the key is revoked: every request with it is refused");
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= world.now.getTime()) {
    return refused("the key has expired: every request with it is refused");
  }
  let roleId: string | null;
  if (record.kind === "user") {
    if (owner === null)
      return refused(`user ${quote(record.userId ?? "?")} does not exist: the key is refused`);
    if (!owner.active) return refused(`user ${quote(owner.id)} is inactive: the key is refused`);
    roleId = owner.role;
  } else {
    roleId = record.role;
  }
  const isSuper = roleId !== null && roleId === world.superRole;
  const role = isSuper ? null : matcherOf(world, roleId);
  const inherits =
    world.publicInherits && role !== null && world.publicRole !== null && world.publicRole !== roleId;
  const grants: Grants = {
    roleId,
    isSuper,
    role,
    scope: record.permissions === null ? null : compilePermissions(record.permissions, { memoSize: 0 }),
    inherited: inherits ? publicMatcher(world) : null,
    inheritedFrom: inherits ? world.publicRole : null,
  };
  return decide(grants, permission, 403);
}
