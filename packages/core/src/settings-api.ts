import type { KeywardContext } from "./context";
import { KeywardError } from "./errors";
import { requireId } from "./validate";

/** Global settings. */
export interface SettingsApi {
  /** The appid of the public role, or `null` when requests without a key are refused. */
  getPublicRole(): Promise<string | null>;
  /**
   * Sets the role that requests without a key act with, or `null` to refuse them. The role must
   * exist and must not be the super role (that would make the whole API public).
   * @example
   * ```ts
   * await keyward.settings.setPublicRole("public");
   * await keyward.settings.setPublicRole(null); // the public API is off
   * ```
   */
  setPublicRole(appid: string | null): Promise<void>;
}

/**
 * Builds the settings API of an instance.
 * @param ctx - the instance's context
 */
export function createSettingsApi(ctx: KeywardContext): SettingsApi {
  const { store, call } = ctx;
  return {
    getPublicRole: async () => call("getPublicRole", () => store.getPublicRole()),
    setPublicRole: async (raw) => {
      if (raw === null) {
        await call("setPublicRole", () => store.setPublicRole(null));
        return;
      }
      const appid = requireId("role", raw);
      if (appid === ctx.superRole) {
        throw new KeywardError("INVALID_ARGUMENT", `The super role "${appid}" cannot be the public role`);
      }
      if ((await call("getRole", () => store.getRole(appid))) === null) {
        throw new KeywardError("NOT_FOUND", `Unknown role "${appid}"`);
      }
      await call("setPublicRole", () => store.setPublicRole(appid));
    },
  };
}
