import type { KeywardContext } from "./context";
import { KeywardError } from "./errors";
import { actorOf } from "./events/event-hub";
import type { ActorOptions } from "./events/types";
import { grantedManagementPermission } from "./management-permissions";
import { quoteInput } from "./redact";
import { requireId } from "./validate";

/** Global settings. */
export interface SettingsApi {
  /** The appid of the public role, or `null` when requests without a key are refused. */
  getPublicRole(): Promise<string | null>;
  /**
   * Sets the role that requests without a key act with, or `null` to refuse them. The role must
   * exist, must not be the super role (that would make the whole API public) and must not grant a
   * management permission (`keyward/.../manage`): `INVALID_ARGUMENT` otherwise.
   * @example
   * ```ts
   * await keyward.settings.setPublicRole("public");
   * await keyward.settings.setPublicRole(null); // the public API is off
   * ```
   */
  setPublicRole(appid: string | null, options?: ActorOptions): Promise<void>;
}

/**
 * Builds the settings API of an instance.
 * @param ctx - the instance's context
 */
export function createSettingsApi(ctx: KeywardContext): SettingsApi {
  const { store, call } = ctx;
  return {
    getPublicRole: async () => call("getPublicRole", () => store.getPublicRole()),
    setPublicRole: async (raw, options) => {
      const report = (role: string | null) => {
        if (ctx.events.active) {
          ctx.events.emit({
            type: "settings.publicRole",
            at: ctx.now(),
            actor: actorOf(options?.actor),
            role,
          });
        }
      };
      if (raw === null) {
        await call("setPublicRole", () => store.setPublicRole(null));
        await ctx.changes.changed({ type: "settings" });
        report(null);
        return;
      }
      const appid = requireId("role", raw);
      if (appid === ctx.superRole) {
        throw new KeywardError("INVALID_ARGUMENT", `The super role "${appid}" cannot be the public role`);
      }
      const role = await call("getRole", () => store.getRole(appid));
      if (role === null) throw new KeywardError("NOT_FOUND", `Unknown role ${quoteInput(appid)}`);
      const management = grantedManagementPermission(role.permissions);
      if (management !== null) {
        throw new KeywardError(
          "INVALID_ARGUMENT",
          `Role "${appid}" grants ${management}; a role that grants a management permission cannot be the public role`,
        );
      }
      await call("setPublicRole", () => store.setPublicRole(appid));
      await ctx.changes.changed({ type: "settings" });
      report(appid);
    },
  };
}
