import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { occupyPort } from "../../test-support/ports";
import { call, runToExit, type ServerProcess, startServer } from "../../test-support/server-process";

/** What a start that reuses the data prints instead of the first-start banner. */
const RESTART_LINE = /Using the database/;

const entry = new URL("../src/server.ts", import.meta.url);
const KEY = /USR-[0-9a-f]{40}/;
const ORIGIN = "http://front-end.test";

describe("content-api example, as a real server process", () => {
  let tempDir: string;
  let dataDir: string;
  let busy: { port: number; code: number | null; stdout: string; stderr: string; createdData: boolean };
  let server: ServerProcess;
  let adminKey: string;
  const api = (path: string) => `${server.url}${path}`;
  const gql = (query: string, key?: string) =>
    call(api("/api/gql"), { json: { query }, ...(key === undefined ? {} : { key }) });

  beforeAll(async () => {
    tempDir = mkdtempSync(join(tmpdir(), "keyward-content-api-"));
    // A data directory that does not exist yet: a start that fails must not create it.
    dataDir = join(tempDir, "data");
    const held = await occupyPort();
    try {
      const run = await runToExit(entry, { KEYWARD_DATA_DIR: dataDir, PORT: String(held.port) });
      busy = { port: held.port, ...run, createdData: existsSync(dataDir) };
    } finally {
      await held.release();
    }
    server = await startServer(entry, { KEYWARD_DATA_DIR: dataDir }, RESTART_LINE);
    adminKey = KEY.exec(server.output())?.[0] ?? "";
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it("on a taken port, exits 1 with one line naming the port and PORT=, before creating any data", () => {
    expect(busy.code).toBe(1);
    expect(busy.stdout).toBe("");
    expect(busy.stderr.trim().split("\n")).toEqual([
      `Port ${busy.port} on 127.0.0.1 is already in use: stop the program using it, or start on another port: PORT=${busy.port + 1} pnpm start`,
    ]);
    expect(busy.createdData).toBe(false);
    expect(busy.stderr).not.toMatch(KEY);
  });

  it("prints its URL, and the admin key once with curl lines on the first start", () => {
    expect(adminKey).toMatch(KEY);
    expect(existsSync(join(dataDir, "keyward.db"))).toBe(true);
    expect(server.output().match(new RegExp(KEY.source, "g"))).toHaveLength(2); // export KEY=…, fetch
    expect(server.output()).toContain(`export KEY=${adminKey}`);
    expect(server.output()).toContain(`curl -H "api-key: $KEY" ${server.url}/api/content/items/pages`);
  });

  it("answers Cockpit's own curl and fetch snippets, as printed, with the key and without one", async () => {
    expect(server.output()).toContain(`curl -X GET "${server.url}/api/pages/menus" -H "api-key: $KEY"`);
    expect(server.output()).toContain(`fetch('${server.url}/api/pages/menus', {`);
    expect(server.output()).toContain(`"api-key": "${adminKey}"`);
    for (const headers of [{ "api-key": adminKey }, {}]) {
      const response = await fetch(`${server.url}/api/pages/menus`, { method: "GET", headers });
      expect(response.status).toBe(200);
      const menus = (await response.json()) as { name: string }[];
      expect(menus.map((menu) => menu.name)).toEqual(["main", "footer"]);
    }
    expect((await call(api("/api/pages/menu/main"))).body).toMatchObject({ name: "main" });
    expect(await call(api("/api/pages/menu/nope"))).toMatchObject({
      status: 404,
      body: { error: "Menu not found" },
    });
    // Pages need a key: the public role reads menus only.
    expect(await call(api("/api/pages/pages"))).toMatchObject({ status: 401 });
    const pages = await call(api("/api/pages/pages"), { key: adminKey });
    expect(pages.status).toBe(200);
    const [first] = pages.body as { _id: string; route: string }[];
    expect((await call(api(`/api/pages/page/${first!._id}`), { key: adminKey })).body).toMatchObject({
      route: first!.route,
    });
  });

  it("answers a browser's preflight before authentication, and lets the page read a 401", async () => {
    const preflight = await fetch(api("/api/pages/pages"), {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "GET",
        "access-control-request-headers": "api-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("api-key,authorization,content-type");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("GET");
    const refused = await call(api("/api/pages/pages"), { headers: { origin: ORIGIN } });
    expect(refused).toMatchObject({ status: 401, body: { error: "Authentication required" } });
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(refused.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
    const allowed = await call(api("/api/pages/menus"), { headers: { origin: ORIGIN, "api-key": adminKey } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("lists its routes at GET /, and an unknown route's 404 points there", async () => {
    const routes = await call(api("/"));
    expect(routes.body).toMatchObject({ pages: expect.arrayContaining(["GET /api/pages/menus"]) });
    expect(await call(api("/api/nothing/here"), { key: adminKey })).toEqual(
      expect.objectContaining({ status: 404, body: { error: "Not found: GET / lists the routes" } }),
    );
  });

  it("answers 404 for a model name that cannot be a model, over REST and GraphQL, even for the admin", async () => {
    for (const path of ["/api/content/items/%00", "/api/content/items/a..b", "/api/content/item/UPPER/1"]) {
      expect(await call(api(path), { key: adminKey })).toMatchObject({ status: 404 });
    }
    for (const model of ["a/../b", "", "nope"]) {
      expect((await gql(`{ items(model: ${JSON.stringify(model)}) { _id } }`, adminKey)).body).toMatchObject({
        errors: [{ message: "Model not found", extensions: { status: 404 } }],
      });
    }
  });

  it("says what is missing when a POST body is not sent as JSON, over REST and GraphQL", async () => {
    for (const path of ["/api/content/item/posts", "/api/gql"]) {
      // What curl -d sends without -H 'content-type: application/json'.
      const response = await fetch(api(path), {
        method: "POST",
        headers: { "api-key": adminKey, "content-type": "application/x-www-form-urlencoded" },
        body: '{"data":{"title":"Form"}}',
      });
      expect([response.status, await response.json()]).toEqual([
        415,
        { error: "The body must be JSON, sent with Content-Type: application/json" },
      ]);
    }
    const broken = await fetch(api("/api/content/item/posts"), {
      method: "POST",
      headers: { "api-key": adminKey, "content-type": "application/json" },
      body: '{"data":',
    });
    expect([broken.status, await broken.json()]).toEqual([
      400,
      { error: "The request body must be valid JSON" },
    ]);
  });

  it("serves public posts without a key and refuses the pages model with 401", async () => {
    const posts = await call(api("/api/content/items/posts"));
    expect(posts.status).toBe(200);
    expect((posts.body as { title: string }[]).map((item) => item.title)).toContain("Hello, keyward");
    const pages = await call(api("/api/content/items/pages"));
    expect(pages).toMatchObject({ status: 401, body: { error: "Authentication required" } });
    expect(pages.headers.get("www-authenticate")).toBe('Bearer realm="keyward"');
    expect((await gql('{ items(model: "posts") { title } }')).body).toMatchObject({
      data: { items: expect.arrayContaining([{ title: "Hello, keyward" }]) },
    });
    const gqlPages = await gql('{ items(model: "pages") { title } }');
    expect(gqlPages.body).toMatchObject({
      data: null,
      errors: [{ message: "Authentication required", extensions: { status: 401 } }],
    });
  });

  it("reads and creates with the admin key over REST and GraphQL", async () => {
    const pages = await call(api("/api/content/items/pages"), { key: adminKey });
    expect(pages.status).toBe(200);
    const created = await call(api("/api/content/item/posts"), {
      key: adminKey,
      json: { data: { title: "Fresh" } },
    });
    expect(created).toMatchObject({ status: 201, body: { _model: "posts", title: "Fresh" } });
    const id = (created.body as { _id: string })._id;
    expect((await call(api(`/api/content/item/posts/${id}`))).body).toMatchObject({ title: "Fresh" });
    expect((await call(api("/api/content/items/nope"), { key: adminKey })).status).toBe(404);
    expect((await call(api("/api/content/item/posts"), { key: adminKey, json: { data: {} } })).body).toEqual({
      error: "data.title must be a non-empty string of at most 200 characters",
    });
    const viaGql = await gql(
      'mutation { createItem(model: "pages", title: "Via GraphQL") { _id title } }',
      adminKey,
    );
    expect(viaGql.body).toMatchObject({ data: { createItem: { title: "Via GraphQL" } } });
    expect((await gql("{ me { kind userId role } }", adminKey)).body).toEqual({
      data: { me: { kind: "user", userId: "admin", role: "admin" } },
    });
  });

  it("creates a key for another user, refreshes it, and the old key fails", async () => {
    const user = await call(api("/api/keyward/users/bob"), {
      method: "PUT",
      key: adminKey,
      json: { role: "editor", active: true },
    });
    expect(user.status).toBe(200);
    const issued = await call(api("/api/keyward/keys"), {
      key: adminKey,
      json: { userId: "bob", name: "bob's laptop" },
    });
    expect(issued.status).toBe(201);
    expect(issued.headers.get("cache-control")).toBe("no-store");
    const { key: bobKey, record } = issued.body as { key: string; record: { id: string } };
    expect((await call(api("/api/content/items/pages"), { key: bobKey })).status).toBe(200);
    expect((await call(api("/api/keyward/roles"), { key: bobKey })).body).toEqual({
      error: "Permission denied",
    });
    expect(
      (await gql('mutation { createItem(model: "posts", title: "By Bob") { title } }', bobKey)).body,
    ).toMatchObject({
      data: { createItem: { title: "By Bob" } },
    });

    const refreshed = await call(api(`/api/keyward/keys/${record.id}/refresh`), {
      method: "POST",
      key: adminKey,
    });
    expect(refreshed.status).toBe(200);
    const newKey = (refreshed.body as { key: string }).key;
    expect(newKey).not.toBe(bobKey);
    const old = await call(api("/api/content/items/pages"), { key: bobKey });
    expect(old).toMatchObject({ status: 401, body: { error: "Authentication failed" } });
    expect((await gql('{ items(model: "posts") { title } }', bobKey)).status).toBe(401);
    expect((await call(api("/api/content/items/pages"), { key: newKey })).status).toBe(200);
  });

  it("answers 401 without a key once the public role is switched off, over REST and GraphQL", async () => {
    const off = await call(api("/api/keyward/settings/public-role"), {
      method: "PUT",
      key: adminKey,
      json: { role: null },
    });
    expect(off).toMatchObject({ status: 200, body: { role: null } });
    expect(await call(api("/api/content/items/posts"))).toMatchObject({
      status: 401,
      body: { error: "Authentication required" },
    });
    expect((await gql('{ items(model: "posts") { title } }')).status).toBe(401);
    await call(api("/api/keyward/settings/public-role"), {
      method: "PUT",
      key: adminKey,
      json: { role: "public" },
    });
    expect((await call(api("/api/content/items/posts"))).status).toBe(200);
  });

  it("reuses the database on a restart and prints no key", async () => {
    await call(api("/api/content/item/posts"), {
      key: adminKey,
      json: { data: { title: "Before restart" } },
    });
    await server.stop();
    server = await startServer(entry, { KEYWARD_DATA_DIR: dataDir }, RESTART_LINE);
    expect(server.output()).not.toMatch(/USR-[0-9a-f]/);
    expect((await call(api("/api/content/items/pages"), { key: adminKey })).status).toBe(200);
    const titles = ((await call(api("/api/content/items/posts"))).body as { title: string }[]).map(
      (item) => item.title,
    );
    expect(titles).toContain("Before restart");
  });
});
