import { describe, expect, it } from "vitest";
import { seededKeyward } from "./fixtures";
import type { ConformanceHarness } from "./harness";

/**
 * The public role setting: unset by default, set, replaced and cleared, at the store level and
 * through `keyward.authenticate(null)`.
 * @param h - the harness
 */
export function describeSettings(h: ConformanceHarness): void {
  describe("settings", () => {
    it("has no public role in a fresh store, then sets, replaces and clears it", async () => {
      const store = await h.fresh();
      expect(await store.getPublicRole()).toBeNull();
      await store.setPublicRole("public");
      expect(await store.getPublicRole()).toBe("public");
      await store.setPublicRole("__proto__");
      expect(await store.getPublicRole()).toBe("__proto__");
      await store.migrate();
      expect(await store.getPublicRole()).toBe("__proto__");
      await store.setPublicRole(null);
      expect(await store.getPublicRole()).toBeNull();
      await store.setPublicRole(null);
      expect(await store.getPublicRole()).toBeNull();
    });

    it("through keyward: no key is public only while a public role is set; a bad key never is", async () => {
      const store = await h.fresh();
      const keyward = await seededKeyward(store);
      await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
      expect(await keyward.authenticate(null)).toEqual({ ok: false, reason: "missing" });
      await keyward.settings.setPublicRole("public");
      const anonymous = await keyward.authenticate(null);
      expect(anonymous.ok && anonymous.principal.kind).toBe("public");
      expect(anonymous.ok && anonymous.principal.can("content/posts/read")).toBe(true);
      expect(anonymous.ok && anonymous.principal.can("content/posts/update")).toBe(false);
      expect(await keyward.authenticate(`USR-${"0".repeat(40)}`)).toEqual({
        ok: false,
        reason: "invalid",
        detail: "unknown",
      });
      await keyward.settings.setPublicRole(null);
      expect(await keyward.settings.getPublicRole()).toBeNull();
      expect(await keyward.authenticate(null)).toEqual({ ok: false, reason: "missing" });
    });
  });
}
