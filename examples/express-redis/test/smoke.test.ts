import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type ServerProcess, startServer } from "../../test-support/server-process";

/** What a start that reuses the data prints instead of the first-start banner. */
const RESTART_LINE = /no key is printed/;

const entry = new URL("../src/server.ts", import.meta.url);
const redisUrl = process.env.KEYWARD_TEST_REDIS_URL;
const KEY = /USR-[0-9a-f]{40}/;

describe.skipIf(redisUrl === undefined)(
  `express-redis example: two processes, one Redis${redisUrl === undefined ? " (skipped: KEYWARD_TEST_REDIS_URL is not set)" : ""}`,
  () => {
    // Own prefix per run, deleted afterwards, so runs never share keys.
    const prefix = `keyward-example:${process.pid}:${Date.now().toString(36)}:`;
    const env = { REDIS_URL: redisUrl ?? "", KEYWARD_REDIS_PREFIX: prefix };
    let a: ServerProcess;
    let b: ServerProcess;
    let adminKey: string;

    beforeAll(async () => {
      // A first: the instance that wins the seed marker prints the admin key.
      a = await startServer(entry, { ...env, INSTANCE: "a" }, RESTART_LINE);
      b = await startServer(entry, { ...env, INSTANCE: "b" }, RESTART_LINE);
      adminKey = KEY.exec(a.output())?.[0] ?? "";
    });
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      const client = await createClient({ url: redisUrl ?? "" }).connect();
      try {
        for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
          if (batch.length > 0) await client.del(batch);
        }
      } finally {
        await client.close();
      }
    });

    it("seeds once: the first instance prints the admin key, the second none", () => {
      expect(adminKey).toMatch(KEY);
      expect(b.output()).not.toMatch(/USR-[0-9a-f]/);
      expect(b.output()).toContain("no key is printed");
    });

    it("refuses on one instance a key refreshed through the other, on the very next request", async () => {
      await call(`${a.url}/api/keyward/users/dave`, {
        method: "PUT",
        key: adminKey,
        json: { role: "reader" },
      });
      const issued = await call(`${a.url}/api/keyward/keys`, { key: adminKey, json: { userId: "dave" } });
      const { key, record } = issued.body as { key: string; record: { id: string } };
      for (const server of [a, b]) {
        const me = await call(`${server.url}/api/me`, { key });
        expect(me).toMatchObject({ status: 200, body: { userId: "dave", role: "reader" } });
        expect(me.headers.get("x-served-by")).toBe(server === a ? "a" : "b");
      }

      const refreshed = await call(`${a.url}/api/keyward/keys/${record.id}/refresh`, {
        method: "POST",
        key: adminKey,
      });
      expect(refreshed.status).toBe(200);
      const next = (refreshed.body as { key: string }).key;
      const old = await call(`${b.url}/api/me`, { key });
      expect(old).toMatchObject({ status: 401, body: { error: "Authentication failed" } });
      expect(old.headers.get("x-served-by")).toBe("b");
      expect((await call(`${b.url}/api/me`, { key: next })).status).toBe(200);

      // The other way round: dave refreshes his own key through B; A refuses the one it just accepted.
      expect((await call(`${a.url}/api/me`, { key: next })).status).toBe(200);
      const own = await call(`${b.url}/api/keyward/me/keys/refresh`, { method: "POST", key: next });
      expect(own.status).toBe(200);
      expect((await call(`${a.url}/api/me`, { key: next })).status).toBe(401);
      expect((await call(`${a.url}/api/me`, { key: (own.body as { key: string }).key })).status).toBe(200);
    });

    it("shares the public role: switched off through one instance, 401 on the other", async () => {
      expect((await call(`${b.url}/api/content/items/posts`)).status).toBe(200);
      await call(`${a.url}/api/keyward/settings/public-role`, {
        method: "PUT",
        key: adminKey,
        json: { role: null },
      });
      expect(await call(`${b.url}/api/content/items/posts`)).toMatchObject({
        status: 401,
        body: { error: "Authentication required" },
      });
      await call(`${b.url}/api/keyward/settings/public-role`, {
        method: "PUT",
        key: adminKey,
        json: { role: "public" },
      });
      expect((await call(`${a.url}/api/content/items/posts`)).status).toBe(200);
    });
  },
);
