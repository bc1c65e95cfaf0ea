import type { KeywardContext } from "./context";
import { KeywardError } from "./errors";
import { actorOf } from "./events/event-hub";
import type { ActorOptions } from "./events/types";
import { grantedManagementPermission } from "./management-permissions";
import { validatePermissionPatterns } from "./permissions/matcher";
import { quoteInput } from "./redact";
import type { Role } from "./types";
import { requireId, requireName, requireObject } from "./validate";

/** Role management. */
export interface RolesApi {
  /**
   * Creates or replaces a role. Patterns are validated here, so a bad one fails when saved rather
   * than when checked. The public role cannot be given a management permission (`INVALID_ARGUMENT`).
   * @example
   * ```ts
   * await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
   * ```
   */
  save(role: Role, options?: ActorOptions): Promise<Role>;
  get(appid: string): Promise<Role | null>;
  /** All roles, ordered by appid. */
  list(): Promise<Role[]>;
  /**
   * Removes a role. `NOT_FOUND` when it does not exist; `CONFLICT` while it is the public role
   * (unset the public role first). Users and app keys holding a removed role can do nothing.
   */
  remove(appid: string, options?: ActorOptions): Promise<void>;
}

/**
 * Builds the roles API of an instance.
 * @param ctx - the instance's context
 */
export function createRolesApi(ctx: KeywardContext): RolesApi {
  const { store, call } = ctx;
  return {
    save: async (raw, options) => {
      const input = requireObject("role", raw);
      const role: Role = {
        appid: requireId("appid", input.appid),
        name: requireName("name", input.name),
        permissions: [...validatePermissionPatterns(input.permissions, "permissions")],
      };
      const management = grantedManagementPermission(role.permissions);
      if (management !== null && (await call("getPublicRole", () => store.getPublicRole())) === role.appid) {
        throw new KeywardError(
          "INVALID_ARGUMENT",
          `Role "${role.appid}" is the public role and cannot grant ${management}; set another public role first`,
        );
      }
      await call("saveRole", () => store.saveRole(role));
      await ctx.changes.changed({ type: "role", appid: role.appid });
      if (ctx.events.active) {
        const { appid, permissions } = role;
        ctx.events.emit({
          type: "role.saved",
          at: ctx.now(),
          actor: actorOf(options?.actor),
          appid,
          permissions,
        });
      }
      return role;
    },
    get: async (appid) => call("getRole", () => store.getRole(requireId("appid", appid))),
    list: async () => call("listRoles", () => store.listRoles()),
    remove: async (raw, options) => {
      const appid = requireId("appid", raw);
      if ((await call("getPublicRole", () => store.getPublicRole())) === appid) {
        throw new KeywardError(
          "CONFLICT",
          `Role "${appid}" is the public role; set another public role or none first`,
        );
      }
      if (!(await call("deleteRole", () => store.deleteRole(appid)))) {
        throw new KeywardError("NOT_FOUND", `Unknown role ${quoteInput(appid)}`);
      }
      ctx.roleMatchers.forget(appid);
      await ctx.changes.changed({ type: "role", appid });
      if (ctx.events.active) {
        ctx.events.emit({ type: "role.removed", at: ctx.now(), actor: actorOf(options?.actor), appid });
      }
    },
  };
}
