import { once } from "node:events";
import { seededKeyward, timedRejection } from "@keyward/conformance";
import { createKeyward, isKeywardError } from "@keyward/core";
import { createClient } from "redis";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  connect,
  deletePrefix,
  dumpPrefix,
  SKIP_REASON,
  type TestClient,
  uniquePrefix,
} from "../test/redis-fixtures";
import { sparePort, startThrowawayRedis, type ThrowawayRedis } from "../test/redis-server";
import { redisStore, SCHEMA_VERSION } from "./index";

const suite = SKIP_REASON === undefined ? describe : describe.skip;
const title = (name: string) => (SKIP_REASON === undefined ? name : `${name} (skipped: ${SKIP_REASON})`);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  vi.restoreAllMocks();
});

async function client(url?: string): Promise<TestClient> {
  const made = await connect(url);
  cleanups.push(async () => {
    if (made.isOpen) await made.close();
  });
  return made;
}
async function server(config?: Parameters<typeof startThrowawayRedis>[0]): Promise<ThrowawayRedis> {
  const made = await startThrowawayRedis(config);
  cleanups.push(() => made.dispose());
  return made;
}
function prefix(on: TestClient): string {
  const made = uniquePrefix("x");
  cleanups.push(() => deletePrefix(on, made));
  return made;
}

suite(title("redisStore: migrate() and persistence warnings"), () => {
  it("writes the schema version under its prefix, idempotently, and refuses newer data", async () => {
    const c = await client();
    const p = prefix(c);
    const store = redisStore(c, { prefix: p, warn: () => {} });
    await Promise.all([store.migrate(), store.migrate()]);
    await store.migrate();
    expect(await c.get(`${p}schema-version`)).toBe(String(SCHEMA_VERSION));
    await c.set(`${p}schema-version`, String(SCHEMA_VERSION + 1));
    await expect(store.migrate()).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("warns once, with console.warn and no key material, when appendonly is off", async () => {
    const redis = await server({ appendOnly: false });
    const c = await client(redis.url);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const store = redisStore(c);
    const keyward = await seededKeyward(store);
    const { key } = await keyward.keys.create({ userId: "alice" });
    await store.migrate();
    await store.migrate();
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toMatch(/appendonly/);
    expect(message).not.toContain(key);
    expect(message).not.toContain(key.slice(4));
  });

  it("does not warn when appendonly is on, nor fail when CONFIG is refused (managed Redis)", async () => {
    const warn = vi.fn();
    const durable = await server({ appendOnly: true });
    await redisStore(await client(durable.url), { warn }).migrate();
    const managed = await server({ appendOnly: false, extraArgs: ["--rename-command", "CONFIG", ""] });
    const managedClient = await client(managed.url);
    await expect(managedClient.sendCommand(["CONFIG", "GET", "appendonly"])).rejects.toThrow();
    await redisStore(managedClient, { warn }).migrate();
    expect(warn).not.toHaveBeenCalled();
  });

  it("keeps revocations and refreshes across a server restart with append-only persistence", async () => {
    const redis = await server({ appendOnly: true });
    const before = await client(redis.url);
    const keyward = await seededKeyward(redisStore(before));
    const revoked = await keyward.keys.create({ userId: "alice" });
    const refreshed = await keyward.keys.create({ userId: "alice" });
    const kept = await keyward.keys.create({ role: "editor" });
    await keyward.keys.revoke(revoked.record.id);
    const next = await keyward.keys.refresh(refreshed.record.id);
    await before.close();
    await redis.stop();
    await redis.start();
    const after = createKeyward({ store: redisStore(await client(redis.url)) });
    expect((await after.authenticate(revoked.key)).ok).toBe(false);
    expect((await after.keys.get(revoked.record.id))?.revokedAt).toBeInstanceOf(Date);
    expect((await after.authenticate(refreshed.key)).ok).toBe(false);
    expect((await after.authenticate(next.key)).ok).toBe(true);
    expect((await after.authenticate(kept.key)).ok).toBe(true);
  });
});

suite(title("redisStore: sharing a server"), () => {
  it("keeps two prefixes apart and sends nothing until used", async () => {
    const c = await client();
    const sent: unknown[] = [];
    const spy = {
      sendCommand: (args: readonly string[]) => {
        sent.push(args);
        return c.sendCommand(args);
      },
    };
    const a = redisStore(spy, { prefix: prefix(c) });
    const b = redisStore(c, { prefix: prefix(c) });
    expect(sent).toHaveLength(0);
    await a.setPublicRole("editor");
    expect(await b.getPublicRole()).toBeNull();
    expect(await a.getPublicRole()).toBe("editor");
    expect(() => redisStore(c, { prefix: "" })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });

  it("lets one of 50 refreshes from 50 separate clients win; the rest get CONFLICT", async () => {
    const c = await client();
    const p = prefix(c);
    const keyward = await seededKeyward(redisStore(c, { prefix: p }));
    const { key: original, record } = await keyward.keys.create({ userId: "alice" });
    let read = 0;
    let release!: () => void;
    const allRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const racers = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const store = redisStore(await client(), { prefix: p });
        return createKeyward({
          storeTimeoutMs: 20_000,
          store: {
            ...store,
            // Every racer reads the key before any swaps, so only the compare-and-swap decides.
            getKey: async (id) => {
              const found = await store.getKey(id);
              if (++read === 50) release();
              await allRead;
              return found;
            },
          },
        });
      }),
    );
    const outcomes = await Promise.allSettled(racers.map((racer) => racer.keys.refresh(record.id)));
    const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost.every((error) => isKeywardError(error, "CONFLICT"))).toBe(true);
    expect((await keyward.authenticate(original)).ok).toBe(false);
    expect((await keyward.authenticate(won[0]?.key ?? null)).ok).toBe(true);
    expect(await dumpPrefix(c, p)).not.toContain(won[0]?.key.slice(4));
  });
});

suite(title("redisStore: failures through createKeyward"), () => {
  const TIMEOUT = 400;

  it("answers STORE_UNAVAILABLE in time while the server is down, and recovers when it is back", async () => {
    const redis = await server({ appendOnly: true });
    const c = await client(redis.url);
    const keyward = await seededKeyward(redisStore(c), { storeTimeoutMs: TIMEOUT });
    await keyward.settings.setPublicRole("editor");
    const { key } = await keyward.keys.create({ userId: "alice" });
    expect((await keyward.authenticate(key)).ok).toBe(true);
    await redis.stop();
    for (const attempt of [key, null, key]) {
      const { error, elapsed } = await timedRejection(() => keyward.authenticate(attempt));
      expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
      expect(String(error)).not.toContain(key);
      expect(elapsed).toBeLessThan(TIMEOUT + 250);
    }
    await redis.start();
    // node-redis reconnects on its own; wait for that event, not for a fixed time.
    if (!c.isReady) await once(c, "ready");
    expect((await keyward.authenticate(key)).ok).toBe(true);
  });

  it("answers STORE_UNAVAILABLE in time when nothing listens on the port", async () => {
    const port = await sparePort();
    const offline = createClient({ url: `redis://127.0.0.1:${port}`, disableOfflineQueue: true });
    offline.on("error", () => {});
    // Never connected: with disableOfflineQueue the client refuses commands at once.
    const keyward = createKeyward({ store: redisStore(offline), storeTimeoutMs: TIMEOUT });
    for (const attempt of [`USR-${"ab".repeat(20)}`, null]) {
      const { error, elapsed } = await timedRejection(() => keyward.authenticate(attempt));
      expect(isKeywardError(error, "STORE_UNAVAILABLE")).toBe(true);
      expect(elapsed).toBeLessThan(TIMEOUT + 250);
    }
    await expect(
      createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } }).connect(),
    ).rejects.toThrow();
  });
});
