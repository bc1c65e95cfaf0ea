import type { KeyRecord, Keyward, KeywardStore } from "@keyward/core";
import { createKeyward } from "@keyward/core";
import { describe, expect, it } from "vitest";
import { itOrSkip } from "../skip-policy";
import { seededKeyward, testClock } from "./fixtures";
import type { ConformanceHarness } from "./harness";

interface Issued {
  readonly keyward: Keyward;
  /** Every plaintext key issued, including ones since refreshed away. */
  readonly keys: string[];
  readonly records: KeyRecord[];
  readonly revokedKey: string;
  readonly refreshedFrom: string;
  readonly refreshedTo: string;
  readonly liveKey: string;
}

/** Issues, refreshes and revokes keys so every kind of record exists. */
async function issueMany(store: KeywardStore): Promise<Issued> {
  const keyward = await seededKeyward(store, testClock());
  const live = await keyward.keys.create({ userId: "alice", name: "live" });
  const app = await keyward.keys.create({ role: "editor", permissions: ["content/posts/read"] });
  const toRevoke = await keyward.keys.create({ userId: "alice" });
  const refreshed = await keyward.keys.refresh(app.record.id);
  const revoked = await keyward.keys.revoke(toRevoke.record.id);
  return {
    keyward,
    keys: [live.key, app.key, toRevoke.key, refreshed.key],
    records: [live.record, app.record, toRevoke.record, refreshed.record, revoked],
    revokedKey: toRevoke.key,
    refreshedFrom: app.key,
    refreshedTo: refreshed.key,
    liveKey: live.key,
  };
}

/**
 * Secrets stay secret and state survives: records from the keyward API hold neither a plaintext key
 * nor a hash; the stored data (with `dumpData`) holds no plaintext key; a restart (with `restart`)
 * keeps revocations, refreshes, roles, users and the public role; a peer sees the same data.
 * @param h - the harness
 */
export function describeSecrets(h: ConformanceHarness): void {
  describe("secrets and durability", () => {
    it("records returned by keyward contain no plaintext key and no hash", async () => {
      const store = await h.fresh();
      const { keyward, keys, records } = await issueMany(store);
      const hashes = (await store.listKeys({})).map((key) => key.hash);
      expect(hashes).toHaveLength(3);
      const everything = [...records, ...(await keyward.keys.list()), await keyward.keys.get(records[0]!.id)];
      for (const record of everything) expect(record).not.toHaveProperty("hash");
      const text = JSON.stringify(everything);
      for (const key of keys) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(key.slice(4));
      }
      for (const hash of hashes) expect(text).not.toContain(hash);
    });

    const unset = (option: "dumpData" | "restart" | "openPeer") =>
      h.options[option] ? undefined : `${option} is not configured`;

    itOrSkip("stores no plaintext key: neither the key nor its hex part", unset("dumpData"), async () => {
      const store = await h.fresh();
      const { keys, records } = await issueMany(store);
      const dump = await h.options.dumpData!(store);
      // The dump must really cover the keys, or this check would pass on an empty string.
      for (const record of records) expect(dump).toContain(record.id);
      for (const key of keys) {
        expect(dump).not.toContain(key);
        expect(dump).not.toContain(key.slice(4));
        // Also as uppercase hex, in case a store re-encodes what it was given.
        expect(dump.toLowerCase()).not.toContain(key.slice(4));
      }
    });

    itOrSkip(
      "keeps revocations, refreshes, roles, users and settings across a restart",
      unset("restart"),
      async () => {
        const store = await h.fresh();
        const issued = await issueMany(store);
        await issued.keyward.roles.save({
          appid: "public",
          name: "Public",
          permissions: ["content/posts/read"],
        });
        await issued.keyward.settings.setPublicRole("public");
        const before = await issued.keyward.keys.list();
        const reopened = await h.restart(store);
        const keyward = createKeyward({ store: reopened, now: testClock().now });
        // Compared before authenticating, which records lastUsedAt.
        expect(await keyward.keys.list()).toEqual(before);
        expect(await keyward.authenticate(issued.revokedKey)).toEqual({
          ok: false,
          reason: "invalid",
          detail: "revoked",
        });
        expect(await keyward.authenticate(issued.refreshedFrom)).toEqual({
          ok: false,
          reason: "invalid",
          detail: "unknown",
        });
        expect((await keyward.authenticate(issued.refreshedTo)).ok).toBe(true);
        expect((await keyward.authenticate(issued.liveKey)).ok).toBe(true);
        expect(await keyward.settings.getPublicRole()).toBe("public");
        expect((await keyward.roles.list()).map((role) => role.appid)).toEqual(["editor", "public"]);
        expect(await keyward.users.get("alice")).toEqual({ id: "alice", role: "editor", active: true });
      },
    );

    itOrSkip("a peer connection sees and changes the same data", unset("openPeer"), async () => {
      const store = await h.fresh();
      const issued = await issueMany(store);
      const peer = createKeyward({ store: await h.peer(store), now: testClock().now });
      expect(await peer.keys.list()).toEqual(await issued.keyward.keys.list());
      expect((await peer.authenticate(issued.liveKey)).ok).toBe(true);
      const [live] = await peer.keys.list({ userId: "alice" });
      await peer.keys.revoke(live!.id);
      expect(await issued.keyward.authenticate(issued.liveKey)).toEqual({
        ok: false,
        reason: "invalid",
        detail: "revoked",
      });
    });
  });
}
