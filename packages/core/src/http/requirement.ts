import { isPermissionName } from "../permissions/matcher";
import type { Principal } from "../principal";
import { quoteInput } from "../redact";
import { AUTHENTICATION_REQUIRED, type HttpAnswer, NOT_FOUND, PERMISSION_DENIED } from "./answers";

/**
 * What a route needs: one permission, all of a list, or any of a list. Adapters also accept a
 * function of their request that returns one of these; they call it and pass the result here.
 */
export type PermissionRequirement =
  | string
  | { readonly all: readonly string[] }
  | { readonly any: readonly string[] };

/** Whether names must be well-formed permission names (fixed requirements) or only strings (request-derived ones). */
type NameRule = "permission-name" | "string";

function checkName(value: unknown, where: string, rule: NameRule): string {
  if (typeof value !== "string") throw new TypeError(`${where}: a permission must be a string`);
  if (rule === "permission-name" && !isPermissionName(value)) {
    throw new TypeError(
      `${where}: ${quoteInput(value)} is not a permission name: /-separated segments of letters, digits and _ - . : (no wildcards; those belong in roles)`,
    );
  }
  return value;
}

function checkList(value: unknown, field: "all" | "any", where: string, rule: NameRule): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) {
    // An empty list is almost surely a bug: `all: []` would let everyone in, `any: []` nobody.
    throw new TypeError(`${where}: { ${field} } must be a non-empty array of permissions`);
  }
  for (const item of value) checkName(item, where, rule);
  return Object.freeze([...value]);
}

function readRequirement(requirement: unknown, where: string, rule: NameRule): PermissionRequirement {
  if (typeof requirement === "string") return checkName(requirement, where, rule);
  if (typeof requirement === "object" && requirement !== null && !Array.isArray(requirement)) {
    const keys = Object.keys(requirement);
    const record = requirement as Record<string, unknown>;
    if (keys.length === 1 && keys[0] === "all")
      return Object.freeze({ all: checkList(record.all, "all", where, rule) });
    if (keys.length === 1 && keys[0] === "any")
      return Object.freeze({ any: checkList(record.any, "any", where, rule) });
  }
  throw new TypeError(
    `${where}: expected a permission string, { all: [...] } or { any: [...] } (or a function returning one)`,
  );
}

/**
 * Validates a fixed requirement, eagerly when a guard is created, and returns a frozen copy. Every
 * name must be a well-formed permission name (see `isPermissionName`): a typo or a wildcard fails
 * at start-up instead of silently denying every request. Throws `TypeError` saying what is wrong.
 * @param requirement - the requirement given by the application
 * @param where - the caller's name for error messages, e.g. `requirePermission`
 */
export function validateRequirement(
  requirement: unknown,
  where = "requirePermission",
): PermissionRequirement {
  return readRequirement(requirement, where, "permission-name");
}

function namesOf(requirement: PermissionRequirement): readonly string[] {
  if (typeof requirement === "string") return [requirement];
  return "all" in requirement ? requirement.all : requirement.any;
}

/**
 * Checks a principal against a requirement an app built from the request (`(req) =>
 * \`content/${req.params.model}/read\``). A requirement of the wrong shape is a bug in the app and
 * throws `TypeError`. A name that is not a well-formed permission name came from the client (a
 * path such as `/items/%00`) and names nothing that could exist: 404 `{"error":"Not found"}`, for
 * every caller, never a 500.
 * @param principal - the request's principal, if any
 * @param requirement - what the app's function returned
 * @param where - the caller's name for error messages
 * @example
 * ```ts
 * const answer = checkRequestRequirement(req.auth, `content/${req.params.model}/read`);
 * if (answer) return send(answer);
 * ```
 */
export function checkRequestRequirement(
  principal: Principal | undefined,
  requirement: unknown,
  where = "requirePermission",
): HttpAnswer | null {
  const read = readRequirement(requirement, where, "string");
  for (const name of namesOf(read)) if (!isPermissionName(name)) return NOT_FOUND;
  return checkRequirement(principal, read);
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
