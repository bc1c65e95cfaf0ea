import { createKeyward, type KeywardEvent } from "@keyward/core";
import { describe, expect, it } from "vitest";
import { testClock } from "./fixtures";
import type { ConformanceHarness } from "./harness";

/**
 * Registers the event checks: on this store, every write through keyward emits exactly its
 * documented event once, never one for a write that did not happen, and no event carries key
 * material.
 * @param h - the conformance harness
 */
export function describeEvents(h: ConformanceHarness): void {
  describe("events", () => {
    it("each write emits its event exactly once, and none carries a key or a hash", async () => {
      const store = await h.fresh();
      const events: KeywardEvent[] = [];
      const keyward = createKeyward({
        store,
        now: testClock().now,
        onEvent: (event) => void events.push(event),
      });
      await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/posts/read"] });
      await keyward.users.save({ id: "alice", role: "editor", active: true });
      const user = await keyward.keys.create({ userId: "alice" });
      const app = await keyward.keys.create({ role: "editor", name: "site" });
      const refreshed = await keyward.keys.refresh(user.record.id);
      await keyward.keys.refresh(user.record.id, { ifMatch: user.record.etag }).catch(() => {});
      await keyward.keys.revoke(app.record.id);
      await keyward.keys.revoke(app.record.id);
      await keyward.settings.setPublicRole("editor");
      await keyward.settings.setPublicRole(null);
      await keyward.users.remove("alice");
      await keyward.roles.remove("editor").catch(() => {});
      keyward.events.flush();
      expect(events.map((event) => event.type)).toEqual([
        "role.saved",
        "user.saved",
        "key.created",
        "key.created",
        "key.refreshed",
        "key.revoked",
        "settings.publicRole",
        "settings.publicRole",
        "key.revoked",
        "user.removed",
        "role.removed",
      ]);
      const text = JSON.stringify(events);
      const hashes = (await store.listKeys({})).map((key) => key.hash);
      for (const secret of [user.key, app.key, refreshed.key]) expect(text).not.toContain(secret.slice(4));
      for (const hash of hashes) expect(text).not.toContain(hash);
    });
  });
}
