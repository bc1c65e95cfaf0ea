import { jsonSuccess, noContent, operation, parameterRef } from "./operation";
import { responseRef } from "./responses";
import type { PathItem } from "./types";

const ROLES = "keyward/roles/manage";
const USERS = "keyward/users/manage";
const SETTINGS = "keyward/settings/manage";

const USER_AUTHORITY =
  "The key lacks `keyward/users/manage`, or the role given or the user's current role holds more management power than the caller may hand out or take away: the super role (only an unscoped super-role key may), or a role granting a management permission the caller lacks.";

/** The paths of `/roles`, `/users` and `/settings/public-role`. */
export const ADMIN_PATHS: Readonly<Record<string, PathItem>> = {
  "/roles": {
    get: operation("get", {
      operationId: "listRoles",
      summary: "List roles",
      tag: "Roles",
      permission: ROLES,
      success: { "200": jsonSuccess("All roles, ordered by appid.", "RoleList") },
    }),
  },
  "/roles/{appid}": {
    parameters: [parameterRef("RoleAppid")],
    get: operation("get", {
      operationId: "getRole",
      summary: "Read a role",
      tag: "Roles",
      permission: ROLES,
      success: { "200": jsonSuccess("The role.", "Role") },
      errors: { "404": responseRef("NotFound", "No such role.") },
    }),
    put: operation("put", {
      operationId: "saveRole",
      summary: "Create or replace a role",
      description:
        "Patterns are checked when the role is saved, so a mistake fails here rather than granting nothing later.",
      tag: "Roles",
      permission: ROLES,
      body: "SaveRoleBody",
      success: { "200": jsonSuccess("The role as saved.", "Role") },
    }),
    delete: operation("delete", {
      operationId: "removeRole",
      summary: "Remove a role",
      description: "Users and app keys holding a removed role can do nothing.",
      tag: "Roles",
      permission: ROLES,
      success: { "204": noContent("Removed.") },
      errors: {
        "404": responseRef("NotFound", "No such role."),
        "409": responseRef(
          "Conflict",
          "The role is the public role: set another public role, or none, first.",
        ),
      },
    }),
  },
  "/users": {
    get: operation("get", {
      operationId: "listUsers",
      summary: "List users",
      tag: "Users",
      permission: USERS,
      success: { "200": jsonSuccess("All users, ordered by id.", "UserList") },
    }),
  },
  "/users/{id}": {
    parameters: [parameterRef("UserId")],
    get: operation("get", {
      operationId: "getUser",
      summary: "Read a user",
      tag: "Users",
      permission: USERS,
      success: { "200": jsonSuccess("The user.", "User") },
      errors: { "404": responseRef("NotFound", "No such user.") },
    }),
    put: operation("put", {
      operationId: "saveUser",
      summary: "Create or replace a user",
      tag: "Users",
      permission: USERS,
      body: "SaveUserBody",
      success: { "200": jsonSuccess("The user as saved.", "User") },
      errors: {
        "400": responseRef(
          "BadRequest",
          "The body or the id is not valid (the message names the field), the role does not exist (the message lists the known roles), or the credentials are malformed.",
        ),
        "403": responseRef("Forbidden", USER_AUTHORITY),
      },
    }),
    delete: operation("delete", {
      operationId: "removeUser",
      summary: "Remove a user",
      tag: "Users",
      permission: USERS,
      success: { "204": noContent("Removed; every key of the user was revoked first.") },
      errors: {
        "403": responseRef("Forbidden", USER_AUTHORITY),
        "404": responseRef("NotFound", "No such user."),
      },
    }),
  },
  "/settings/public-role": {
    get: operation("get", {
      operationId: "getPublicRole",
      summary: "Read the public role",
      tag: "Settings",
      permission: SETTINGS,
      success: { "200": jsonSuccess("The public role, or `null`.", "PublicRole") },
    }),
    put: operation("put", {
      operationId: "setPublicRole",
      summary: "Set or switch off the public role",
      tag: "Settings",
      permission: SETTINGS,
      body: "SetPublicRoleBody",
      success: { "200": jsonSuccess("The public role now.", "PublicRole") },
      errors: {
        "400": responseRef(
          "BadRequest",
          "The body is not valid (the message names the field), the role is the super role or grants a management permission, or the credentials are malformed.",
        ),
        "403": responseRef(
          "Forbidden",
          "The key lacks `keyward/settings/manage`, or does not hold everything the role grants: making it public hands all of it to callers without a key.",
        ),
        "404": responseRef("NotFound", "No such role."),
      },
    }),
  },
};
