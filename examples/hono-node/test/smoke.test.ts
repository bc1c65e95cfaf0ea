import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeOrSkip } from "../../../packages/conformance/src/skip-policy";
import { occupyPort } from "../../test-support/ports";
import { call, runToExit, type ServerProcess, startServer } from "../../test-support/server-process";

/** What a start that reuses the data prints instead of the first-start banner. */
const RESTART_LINE = /no key is printed/;

const entry = new URL("../src/server.ts", import.meta.url);
const databaseUrl = process.env.KEYWARD_TEST_PG_URL;
const KEY = /USR-[0-9a-f]{40}/;
const ORIGIN = "http://front-end.test";

describeOrSkip(
  "hono-node example on PostgreSQL",
  databaseUrl ? undefined : "KEYWARD_TEST_PG_URL is not set",
  () => {
    // Own schema per run, dropped afterwards, so runs never share keyward tables.
    const schema = `keyward_hono_node_${process.pid}_${Date.now().toString(36)}`;
    const env = { DATABASE_URL: databaseUrl ?? "", KEYWARD_PG_SCHEMA: schema };
    let server: ServerProcess;
    let adminKey: string;
    let busy: { port: number; code: number | null; stdout: string; stderr: string; schemaCreated: boolean };
    const api = (path: string) => `${server.url}${path}`;

    const schemaExists = async (): Promise<boolean> => {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      try {
        const found = await pool.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [
          schema,
        ]);
        return found.rowCount === 1;
      } finally {
        await pool.end();
      }
    };

    beforeAll(async () => {
      // On a taken port first: it must fail before it creates keyward's tables.
      const held = await occupyPort();
      try {
        const run = await runToExit(entry, { ...env, PORT: String(held.port) });
        busy = { port: held.port, ...run, schemaCreated: await schemaExists() };
      } finally {
        await held.release();
      }
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

    it("on a taken port, exits 1 with one line naming the port and PORT=, before creating tables", () => {
      expect(busy.code).toBe(1);
      expect(busy.stdout).toBe("");
      expect(busy.stderr.trim().split("\n")).toEqual([
        `Port ${busy.port} on 127.0.0.1 is already in use: stop the program using it, or start on another port: PORT=${busy.port + 1} pnpm --filter @keyward/example-hono-node start`,
      ]);
      expect(busy.schemaCreated).toBe(false);
    });

    it("answers Cockpit's own curl and fetch snippets, as printed, with the key and without one", async () => {
      expect(server.output()).toContain(`curl -X GET "${server.url}/api/pages/menus" -H "api-key: $KEY"`);
      expect(server.output()).toContain(`"api-key": "${adminKey}"`);
      for (const headers of [{ "api-key": adminKey }, {}]) {
        const response = await fetch(`${server.url}/api/pages/menus`, { method: "GET", headers });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { name: string }[]).map((menu) => menu.name)).toEqual([
          "main",
          "footer",
        ]);
      }
      expect(await call(api("/api/pages/pages"))).toMatchObject({ status: 401 });
      expect((await call(api("/api/pages/page/page-about"), { key: adminKey })).body).toMatchObject({
        route: "/about",
      });
    });

    it("answers a browser's preflight before authentication, and lets the page read a 401", async () => {
      const preflight = await fetch(api("/api/content/items/drafts"), {
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
      const refused = await call(api("/api/content/items/drafts"), { headers: { origin: ORIGIN } });
      expect(refused).toMatchObject({ status: 401, body: { error: "Authentication required" } });
      expect(refused.headers.get("access-control-allow-origin")).toBe("*");
      expect(refused.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="keyward"');
    });

    it("lists its routes at GET /, an unknown route's 404 points there, and POST bodies must be JSON", async () => {
      expect((await call(api("/"))).body).toMatchObject({
        pages: expect.arrayContaining(["GET /api/pages/menus"]),
      });
      expect(await call(api("/api/nothing/here"), { key: adminKey })).toMatchObject({
        status: 404,
        body: { error: "Not found: GET / lists the routes" },
      });
      const form = await fetch(api("/api/content/item/drafts"), {
        method: "POST",
        headers: { "api-key": adminKey, "content-type": "application/x-www-form-urlencoded" },
        body: '{"data":{"title":"Form"}}',
      });
      expect([form.status, await form.json()]).toEqual([
        415,
        { error: "The body must be JSON, sent with Content-Type: application/json" },
      ]);
      const broken = await fetch(api("/api/content/item/drafts"), {
        method: "POST",
        headers: { "api-key": adminKey, "content-type": "application/json" },
        body: '{"data":',
      });
      expect([broken.status, await broken.json()]).toEqual([
        400,
        { error: "The request body must be valid JSON" },
      ]);
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
