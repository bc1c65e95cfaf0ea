import { describeOrSkip, seededKeyward } from "@keyward/conformance";
import { createKeyward, type KeywardStore } from "@keyward/core";
import { generateKey } from "@keyward/core/adapter";
import { expect, it } from "vitest";
import { useHarness } from "../test/harness";
import { DRIVERS, SKIP_REASON, type TestClient } from "../test/redis-fixtures";
import { createRedisStore } from "./base";

const use = useHarness();

/**
 * A store whose first read of the id index is followed, before its reply comes back, by `meanwhile`:
 * the window between reading the index and acting on the record it names.
 */
function storeWithGap(client: TestClient, prefix: string, meanwhile: () => unknown): KeywardStore {
  let fired = false;
  return createRedisStore(
    {
      send: async (args) => {
        const reply = await client.command(args);
        if (!fired && args[0] === "HGET" && String(args[1]).endsWith("keys:by-id")) {
          fired = true;
          await meanwhile();
        }
        return reply;
      },
    },
    { prefix, warn: () => {} },
    "test",
  );
}

const sha256 = async (key: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)))]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("");

for (const driver of DRIVERS) {
  describeOrSkip(
    `redisStore (${driver.name}): a refresh between the index and the record`,
    SKIP_REASON,
    () => {
      it("a revocation lands on the refreshed record, so the new secret is revoked too", async () => {
        const c = await use.client(driver);
        const prefix = use.prefix(c);
        const plain = c.store({ prefix, warn: () => {} });
        const keyward = await seededKeyward(plain);
        const { key, record } = await keyward.keys.create({ userId: "alice" });
        const oldHash = await sha256(key);
        const next = generateKey("user");
        const nextHash = await sha256(next);
        const refresh = () =>
          plain.swapKeySecret(record.id, oldHash, { hash: nextHash, start: next.slice(0, 12) });
        const racing = storeWithGap(c, prefix, refresh);
        expect(await racing.revokeKey(record.id, new Date("2030-01-01T00:00:00.000Z"))).toBe(true);
        expect(await plain.getKey(record.id)).toMatchObject({
          hash: nextHash,
          revokedAt: new Date("2030-01-01T00:00:00.000Z"),
        });
        expect(await plain.findKeyByHash(oldHash)).toBeNull();
        expect((await createKeyward({ store: plain }).authenticate(next)).ok).toBe(false);
      });

      it("a usage timestamp lands on the refreshed record and never recreates the old one", async () => {
        const c = await use.client(driver);
        const prefix = use.prefix(c);
        const plain = c.store({ prefix, warn: () => {} });
        const keyward = await seededKeyward(plain);
        const { key, record } = await keyward.keys.create({ userId: "alice" });
        const oldHash = await sha256(key);
        const next = generateKey("user");
        const nextHash = await sha256(next);
        const racing = storeWithGap(c, prefix, () =>
          plain.swapKeySecret(record.id, oldHash, { hash: nextHash, start: next.slice(0, 12) }),
        );
        await racing.touchKey(record.id, new Date("2030-01-01T00:00:00.000Z"));
        expect(await plain.getKey(record.id)).toMatchObject({
          hash: nextHash,
          lastUsedAt: new Date("2030-01-01T00:00:00.000Z"),
        });
        expect(await plain.findKeyByHash(oldHash)).toBeNull();
      });
    },
  );
}
