import type { Principal } from "../principal";
import { AUTHENTICATION_REQUIRED, type HttpAnswer, PERMISSION_DENIED } from "./answers";

/**
 * What a route needs: one permission, all of a list, or any of a list. Adapters also accept a
 * function of their request that returns one of these; they call it and pass the result here.
 */
export type PermissionRequirement =
  | string
  | { readonly all: readonly string[] }
  | { readonly any: readonly string[] };

function checkName(value: unknown, where: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters never name a permission
  if (typeof value !== "string" || value.length === 0 || /[\u0000-\u0020\u007f]/.test(value)) {
    throw new TypeError(
      `${where}: a permission must be a non-empty string without spaces or control characters`,
    );
  }
  return value;
}

function checkList(value: unknown, field: "all" | "any", where: string): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) {
    // An empty list is almost surely a bug: `all: []` would let everyone in, `any: []` nobody.
    throw new TypeError(`${where}: { ${field} } must be a non-empty array of permissions`);
  }
  for (const item of value) checkName(item, where);
  return Object.freeze([...value]);
}

/**
 * Validates a requirement (eagerly when a guard is created; per request for functions) and returns a
 * frozen copy. Throws `TypeError` with a message saying what is wrong.
 * @param requirement - the requirement given by the application
 * @param where - the caller's name for error messages, e.g. `requirePermission`
 */
export function validateRequirement(
  requirement: unknown,
  where = "requirePermission",
): PermissionRequirement {
  if (typeof requirement === "string") return checkName(requirement, where);
  if (typeof requirement === "object" && requirement !== null && !Array.isArray(requirement)) {
    const keys = Object.keys(requirement);
    const record = requirement as Record<string, unknown>;
    if (keys.length === 1 && keys[0] === "all")
      return Object.freeze({ all: checkList(record.all, "all", where) });
    if (keys.length === 1 && keys[0] === "any")
      return Object.freeze({ any: checkList(record.any, "any", where) });
  }
  throw new TypeError(
    `${where}: expected a permission string, { all: [...] } or { any: [...] } (or a function returning one)`,
  );
}

function holds(principal: Principal, requirement: PermissionRequirement): boolean {
  if (typeof requirement === "string") return principal.can(requirement);
  return "all" in requirement ? principal.canAll(requirement.all) : principal.canAny(requirement.any);
}

/**
 * Checks a principal against a validated requirement. Returns `null` when it holds, otherwise the
 * answer: 401 "Authentication required" when there is no principal or it is the public one (a key
 * might help), 403 "Permission denied" for a key that lacks the permission.
 * @param principal - the request's principal, if any
 * @param requirement - a requirement returned by {@link validateRequirement}
 * @example
 * ```ts
 * const answer = checkRequirement(req.auth, "content/posts/read");
 * if (answer) return send(answer);
 * ```
 */
export function checkRequirement(
  principal: Principal | undefined,
  requirement: PermissionRequirement,
): HttpAnswer | null {
  if (principal !== undefined && holds(principal, requirement)) return null;
  return principal === undefined || principal.kind === "public" ? AUTHENTICATION_REQUIRED : PERMISSION_DENIED;
}
