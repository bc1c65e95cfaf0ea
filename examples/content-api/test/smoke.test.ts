import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type ServerProcess, startServer } from "../../test-support/server-process";

/** What a start that reuses the data prints instead of the first-start banner. */
const RESTART_LINE = /Using the database/;

const entry = new URL("../src/server.ts", import.meta.url);
const KEY = /USR-[0-9a-f]{40}/;

describe("content-api example, as a real server process", () => {
  let dataDir: string;
  let server: ServerProcess;
  let adminKey: string;
  const api = (path: string) => `${server.url}${path}`;
  const gql = (query: string, key?: string) =>
    call(api("/api/gql"), { json: { query }, ...(key === undefined ? {} : { key }) });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "keyward-content-api-"));
    server = await startServer(entry, { KEYWARD_DATA_DIR: dataDir }, RESTART_LINE);
    adminKey = KEY.exec(server.output())?.[0] ?? "";
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints its URL, and the admin key once with curl lines on the first start", () => {
    expect(adminKey).toMatch(KEY);
    expect(server.output()).toContain(`export KEY=${adminKey}`);
    expect(server.output()).toContain(`curl -H "api-key: $KEY" ${server.url}/api/content/items/pages`);
  });

  it("serves public posts without a key and refuses pages with 401", async () => {
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
