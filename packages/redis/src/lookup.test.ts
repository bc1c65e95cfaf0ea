import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import type { KeywardStore } from "@keyward/core";
import type { KeyLookup } from "@keyward/core/adapter";
import { describe, expect, it } from "vitest";
import { useHarness } from "../test/harness";
import { DRIVERS, SKIP_REASON, type TestDriver } from "../test/redis-fixtures";
import { LOOKUP_KEY } from "./scripts";

const use = useHarness();

/** A store whose every command is recorded (command name only: arguments can hold key hashes). */
async function recorded(driver: TestDriver, url?: string) {
  const client = await use.client(driver, url);
  const sent: string[] = [];
  const store = client.store({
    prefix: use.prefix(client),
    warn: () => {},
    onCommand: (name) => sent.push(name),
  });
  return { client, store, sent };
}

function lookup(store: KeywardStore, hash: string): Promise<KeyLookup | null> {
  if (store.lookupKey === undefined) throw new Error("redisStore has no lookupKey");
  return Promise.resolve(store.lookupKey(hash));
}

for (const driver of DRIVERS) {
  describeOrSkip(`redisStore (${driver.name}): lookupKey`, SKIP_REASON, () => {
    it("authenticates a user key and an app key in one round trip (one EVALSHA)", async () => {
      const { store, sent } = await recorded(driver);
      const now = new Date("2030-01-01T00:00:00.000Z");
      const keyward = await seededKeyward(store, { now: () => now });
      const user = await keyward.keys.create({ userId: "alice" });
      const app = await keyward.keys.create({ role: "editor" });
      // Used just now, so authenticate has no usage timestamp to write: only the read is left.
      for (const { record } of [user, app]) await store.touchKey(record.id, now);
      for (const key of [user.key, app.key]) {
        sent.length = 0;
        const result = await keyward.authenticate(key);
        expect(result.ok && result.principal.can("content/posts/read")).toBe(true);
        expect(sent).toEqual(["EVALSHA"]);
      }
    });

    it("falls back to EVAL once when the server has forgotten the script", async () => {
      const server = await use.server({ appendOnly: false });
      const { client, store, sent } = await recorded(driver, server.url);
      await store.saveRole({ appid: "bot", name: "Bot", permissions: ["a"] });
      const key = {
        id: "k1",
        kind: "app" as const,
        hash: "b".repeat(64),
        start: "API-bbbbbbbb",
        userId: null,
        role: "bot",
        name: null,
        permissions: null,
        expiresAt: null,
        createdAt: new Date("2024-01-02T03:04:05.678Z"),
        lastUsedAt: null,
        revokedAt: null,
      };
      await store.insertKey(key);
      const expected = { key, user: null, role: { appid: "bot", name: "Bot", permissions: ["a"] } };
      await client.command(["SCRIPT", "FLUSH"]);
      sent.length = 0;
      expect(await lookup(store, key.hash)).toEqual(expected);
      expect(sent).toEqual(["EVALSHA", "EVAL"]);
      sent.length = 0;
      expect(await lookup(store, key.hash)).toEqual(expected);
      expect(sent).toEqual(["EVALSHA"]);
    });
  });
}

describe("the lookup script", () => {
  it("reads three hashes by exact name: no KEYS, no SCAN, every name declared", () => {
    expect(LOOKUP_KEY.source).not.toMatch(/'(KEYS|SCAN|HSCAN|HGETALL)'/);
    expect(LOOKUP_KEY.source.match(/redis\.call\('(\w+)', (\w+)/g)).toEqual([
      "redis.call('HMGET', KEYS",
      "redis.call('HGET', KEYS",
      "redis.call('HGET', KEYS",
    ]);
  });
});
