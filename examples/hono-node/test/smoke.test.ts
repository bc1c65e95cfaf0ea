import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type ServerProcess, startServer } from "../../test-support/server-process";

/** What a start that reuses the data prints instead of the first-start banner. */
const RESTART_LINE = /no key is printed/;

const entry = new URL("../src/server.ts", import.meta.url);
const databaseUrl = process.env.KEYWARD_TEST_PG_URL;
const KEY = /USR-[0-9a-f]{40}/;

describe.skipIf(databaseUrl === undefined)(
  `hono-node example on PostgreSQL${databaseUrl === undefined ? " (skipped: KEYWARD_TEST_PG_URL is not set)" : ""}`,
  () => {
    // Own schema per run, dropped afterwards, so runs never share keyward tables.
    const schema = `keyward_hono_node_${process.pid}_${Date.now().toString(36)}`;
    const env = { DATABASE_URL: databaseUrl ?? "", KEYWARD_PG_SCHEMA: schema };
    let server: ServerProcess;
    let adminKey: string;
    const api = (path: string) => `${server.url}${path}`;

    beforeAll(async () => {
      server = await startServer(entry, env, RESTART_LINE);
      adminKey = KEY.exec(server.output())?.[0] ?? "";
    });
    afterAll(async () => {
      await server?.stop();
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    });

    it("prints the admin key once and serves public posts without a key", async () => {
      expect(adminKey).toMatch(KEY);
      expect((await call(api("/api/content/items/posts"))).status).toBe(200);
      expect(await call(api("/api/content/items/drafts"))).toMatchObject({
        status: 401,
        body: { error: "Authentication required" },
      });
      expect((await call(api("/api/content/items/drafts"), { key: adminKey })).status).toBe(200);
    });

    it("issues a key for a user, refreshes it, and the old key fails", async () => {
      await call(api("/api/keyward/users/carol"), { method: "PUT", key: adminKey, json: { role: "editor" } });
      const issued = await call(api("/api/keyward/keys"), { key: adminKey, json: { userId: "carol" } });
      expect(issued.status).toBe(201);
      const { key, record } = issued.body as { key: string; record: { id: string } };
      const created = await call(api("/api/content/item/drafts"), {
        key,
        json: { data: { title: "By Carol" } },
      });
      expect(created).toMatchObject({ status: 201, body: { title: "By Carol" } });
      expect((await call(api("/api/keyward/keys"), { key })).status).toBe(403);
      const refreshed = await call(api(`/api/keyward/keys/${record.id}/refresh`), {
        method: "POST",
        key: adminKey,
      });
      const next = (refreshed.body as { key: string }).key;
      expect(await call(api("/api/content/items/drafts"), { key })).toMatchObject({
        status: 401,
        body: { error: "Authentication failed" },
      });
      expect((await call(api("/api/content/items/drafts"), { key: next })).status).toBe(200);
    });

    it("answers 401 without a key once the public role is off", async () => {
      await call(api("/api/keyward/settings/public-role"), {
        method: "PUT",
        key: adminKey,
        json: { role: null },
      });
      expect((await call(api("/api/content/items/posts"))).status).toBe(401);
      await call(api("/api/keyward/settings/public-role"), {
        method: "PUT",
        key: adminKey,
        json: { role: "public" },
      });
      expect((await call(api("/api/content/items/posts"))).status).toBe(200);
    });

    it("keeps keys across a restart and prints no key", async () => {
      await server.stop();
      server = await startServer(entry, env, RESTART_LINE);
      expect(server.output()).not.toMatch(/USR-[0-9a-f]/);
      expect((await call(api("/api/content/items/drafts"), { key: adminKey })).status).toBe(200);
    });
  },
);
