import { createClient } from "redis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeOrSkip } from "../../../packages/conformance/src/skip-policy";
import { occupyPort } from "../../test-support/ports";
import { call, runToExit, type ServerProcess, startServer } from "../../test-support/server-process";

/** What a start that reuses the data prints instead of the first-start banner. */
const RESTART_LINE = /no key is printed/;

const entry = new URL("../src/server.ts", import.meta.url);
const redisUrl = process.env.KEYWARD_TEST_REDIS_URL;
const KEY = /USR-[0-9a-f]{40}/;
const ORIGIN = "http://front-end.test";

describeOrSkip(
  "express-redis example: two processes, one Redis",
  redisUrl ? undefined : "KEYWARD_TEST_REDIS_URL is not set",
  () => {
    // Own prefix per run, deleted afterwards, so runs never share keys.
    const prefix = `keyward-example:${process.pid}:${Date.now().toString(36)}:`;
    const env = { REDIS_URL: redisUrl ?? "", KEYWARD_REDIS_PREFIX: prefix };
    let a: ServerProcess;
    let b: ServerProcess;
    let adminKey: string;
    let busy: { port: number; code: number | null; stdout: string; stderr: string; redisKeys: string[] };

    const keysUnderPrefix = async (): Promise<string[]> => {
      const client = await createClient({ url: redisUrl ?? "" }).connect();
      try {
        const found: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 }))
          found.push(...batch);
        return found;
      } finally {
        await client.close();
      }
    };

    beforeAll(async () => {
      // On a taken port first: it must fail before it writes anything to Redis.
      const held = await occupyPort();
      try {
        const run = await runToExit(entry, { ...env, INSTANCE: "busy", PORT: String(held.port) });
        busy = { port: held.port, ...run, redisKeys: await keysUnderPrefix() };
      } finally {
        await held.release();
      }
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

    it("on a taken port, exits 1 with one line naming the port and PORT=, before touching Redis", () => {
      expect(busy.code).toBe(1);
      expect(busy.stdout).toBe("");
      expect(busy.stderr.trim().split("\n")).toEqual([
        `[busy] Port ${busy.port} on 127.0.0.1 is already in use: stop the program using it, or start on another port: PORT=${busy.port + 1} pnpm --filter @keyward/example-express-redis start`,
      ]);
      expect(busy.redisKeys).toEqual([]);
    });

    it("answers a browser's preflight before authentication, and lets the page read a 401", async () => {
      const preflight = await fetch(`${b.url}/api/me`, {
        method: "OPTIONS",
        headers: {
          origin: ORIGIN,
          "access-control-request-method": "GET",
          "access-control-request-headers": "api-key",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      expect(preflight.headers.get("access-control-allow-headers")).toBe(
        "api-key,authorization,content-type",
      );
      const refused = await call(`${b.url}/api/me`, {
        key: `USR-${"0".repeat(40)}`,
        headers: { origin: ORIGIN },
      });
      expect(refused).toMatchObject({ status: 401, body: { error: "Authentication failed" } });
      expect(refused.headers.get("access-control-allow-origin")).toBe("*");
      expect(refused.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
    });

    it("lists its routes at GET /, and an unknown route's 404 points there", async () => {
      expect((await call(`${a.url}/`)).body).toMatchObject({
        routes: expect.arrayContaining(["GET /api/me"]),
      });
      expect(await call(`${a.url}/api/pages/menus`, { key: adminKey })).toMatchObject({
        status: 404,
        body: { error: "Not found: GET / lists the routes" },
      });
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
