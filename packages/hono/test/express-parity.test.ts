// The same requests to the Express adapter and to this one, each over real HTTP on its own but
// identical world: status, the headers keyward sets, and the body bytes must be equal. Random ids and
// generated keys are replaced by placeholders before comparing; everything else is byte for byte.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createKeyward, type Keyward, memoryStore } from "@keyward/core";
import * as keywardExpress from "@keyward/express";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "./conformance-app";

const ADMIN = `USR-${"a1".repeat(20)}`;
const EDITOR = `USR-${"b2".repeat(20)}`;
const READER_APP = `API-${"c3".repeat(20)}`;
const UNKNOWN = `USR-${"d4".repeat(20)}`;

async function createWorld(): Promise<Keyward> {
  const keyward = createKeyward({ store: memoryStore(), now: () => new Date("2030-01-01T00:00:00Z") });
  await keyward.roles.save({
    appid: "editor",
    name: "Editor",
    permissions: ["content/posts/read", "content/posts/create", "content/pages/read"],
  });
  await keyward.roles.save({ appid: "reader", name: "Reader", permissions: ["content/posts/read"] });
  await keyward.roles.save({ appid: "public", name: "Public", permissions: ["content/posts/read"] });
  await keyward.users.save({ id: "root", role: "admin", active: true });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  await keyward.keys.import({ key: ADMIN, userId: "root" });
  await keyward.keys.import({ key: EDITOR, userId: "alice" });
  await keyward.keys.import({ key: READER_APP, role: "reader", name: "website" });
  return keyward;
}

function expressApp(keyward: Keyward) {
  const { apiKeyAuth, managementRouter, requirePermission } = keywardExpress;
  const app = express();
  const reply = (req: express.Request, res: express.Response) => {
    res.json({ auth: keywardExpress.getAuth(req) ?? null });
  };
  app.use("/api", apiKeyAuth(keyward));
  app.get("/api/posts", requirePermission("content/posts/read"), reply);
  app.post("/api/posts", requirePermission("content/posts/create"), reply);
  app.get(
    "/api/items/:model",
    requirePermission((req) => `content/${req.params.model}/read`),
    reply,
  );
  app.get("/api/all", requirePermission({ all: ["content/posts/read", "content/posts/create"] }), reply);
  app.get("/api/any", requirePermission({ any: ["content/posts/create", "content/pages/read"] }), reply);
  app.get("/api/open", reply);
  app.use("/api/keyward", managementRouter(keyward));
  return app;
}

interface Server {
  url: string;
  close(): Promise<void>;
}

async function startExpress(): Promise<Server> {
  const server = expressApp(await createWorld()).listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function startHono(): Promise<Server> {
  const app = createTestApp(await createWorld());
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Step {
  readonly name: string;
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Send the body as a stream (chunked, no Content-Length), so the limit is hit while reading. */
  readonly streamed?: boolean;
  /** The app's own handler answers (not keyward): its Content-Type is the framework's. */
  readonly passes?: boolean;
}

// Both worlds import the same keys without a pepper, so the editor key's version is the same in
// both and known before the session starts.
const EDITOR_ETAG = (await (await createWorld()).keys.list({ userId: "alice" }))[0]!.etag;

const json = (key: string) => ({ "api-key": key, "content-type": "application/json" });

const STEPS: Step[] = [
  { name: "no key", path: "/api/posts" },
  { name: "user key", path: "/api/posts", headers: { "api-key": EDITOR }, passes: true },
  {
    name: "bearer, odd case",
    path: "/api/posts",
    headers: { authorization: `bEARER ${EDITOR}` },
    passes: true,
  },
  { name: "malformed key", path: "/api/posts", headers: { "api-key": "USR-nope" } },
  { name: "unknown key", path: "/api/posts", headers: { "api-key": UNKNOWN } },
  { name: "empty bearer", path: "/api/posts", headers: { authorization: "Bearer " } },
  { name: "basic only", path: "/api/posts", headers: { authorization: "Basic dXNlcjpwYXNz" } },
  { name: "app key lacks create", method: "POST", path: "/api/posts", headers: { "api-key": READER_APP } },
  { name: "query key disabled", path: `/api/posts?api_key=${EDITOR}` },
  { name: "two keys", path: "/api/posts", headers: { "api-key": EDITOR, authorization: `Bearer ${ADMIN}` } },
  { name: "joined keys", path: "/api/posts", headers: { "api-key": `${EDITOR}, ${ADMIN}` } },
  { name: "param requirement held", path: "/api/items/pages", headers: { "api-key": EDITOR }, passes: true },
  { name: "param requirement missing", path: "/api/items/secret", headers: { "api-key": EDITOR } },
  { name: "param that is not a name", path: "/api/items/%00", headers: { "api-key": EDITOR } },
  { name: "param that is not a name, no key", path: "/api/items/a%20b" },
  { name: "key in x-api-key", path: "/api/posts", headers: { "x-api-key": EDITOR } },
  { name: "key in ?token=", path: `/api/posts?token=${EDITOR}` },
  { name: "key under Token scheme", path: "/api/posts", headers: { authorization: `Token ${EDITOR}` } },
  { name: "key in the path", path: `/api/items/${EDITOR}` },
  { name: "header names in upper case", path: "/api/posts", headers: { "API-KEY": EDITOR }, passes: true },
  { name: "all held", path: "/api/all", headers: { "api-key": EDITOR }, passes: true },
  { name: "all missing", path: "/api/all", headers: { "api-key": READER_APP } },
  { name: "any missing", path: "/api/any", headers: { "api-key": READER_APP } },
  { name: "list keys", path: "/api/keyward/keys", headers: { "api-key": ADMIN } },
  { name: "list keys of alice", path: "/api/keyward/keys?userId=alice", headers: { "api-key": ADMIN } },
  {
    name: "list keys, repeated filter",
    path: "/api/keyward/keys?userId=a&userId=b",
    headers: { "api-key": ADMIN },
  },
  { name: "list keys as editor", path: "/api/keyward/keys", headers: { "api-key": EDITOR } },
  { name: "list keys anonymously", path: "/api/keyward/keys" },
  {
    name: "create, bad field",
    method: "POST",
    path: "/api/keyward/keys",
    headers: json(ADMIN),
    body: '{"userid":"alice"}',
  },
  {
    name: "create, bad JSON",
    method: "POST",
    path: "/api/keyward/keys",
    headers: json(ADMIN),
    body: "{nope",
  },
  {
    name: "create, too large",
    method: "POST",
    path: "/api/keyward/keys",
    headers: json(ADMIN),
    body: JSON.stringify({ userId: "alice", name: "x".repeat(120_000) }),
  },
  {
    name: "create, too large, streamed",
    method: "POST",
    path: "/api/keyward/keys",
    headers: json(ADMIN),
    body: JSON.stringify({ userId: "alice", name: "x".repeat(300_000) }),
    streamed: true,
  },
  {
    name: "create",
    method: "POST",
    path: "/api/keyward/keys",
    headers: json(ADMIN),
    body: '{"userId":"alice","name":"ci","expiresAt":"2031-01-01T00:00:00Z","permissions":["content/posts/read"]}',
  },
  {
    name: "create for unknown user",
    method: "POST",
    path: "/api/keyward/keys",
    headers: json(ADMIN),
    body: '{"userId":"zed"}',
  },
  { name: "unknown key id", path: "/api/keyward/keys/nope", headers: { "api-key": ADMIN } },
  { name: "unknown route", path: "/api/keyward/nope", headers: { "api-key": ADMIN } },
  { name: "wrong method", method: "PATCH", path: "/api/keyward/keys", headers: { "api-key": ADMIN } },
  { name: "trailing slash", path: "/api/keyward/roles/", headers: { "api-key": ADMIN } },
  {
    name: "save role",
    method: "PUT",
    path: "/api/keyward/roles/writer",
    headers: json(ADMIN),
    body: '{"name":"Writer","permissions":["content/**","!content/secret/*"]}',
  },
  {
    name: "bad pattern",
    method: "PUT",
    path: "/api/keyward/roles/w2",
    headers: json(ADMIN),
    body: '{"name":"W","permissions":["a//b"]}',
  },
  { name: "encoded role id", path: "/api/keyward/roles/a%2Fb", headers: { "api-key": ADMIN } },
  { name: "roles", path: "/api/keyward/roles", headers: { "api-key": ADMIN } },
  { name: "delete role", method: "DELETE", path: "/api/keyward/roles/writer", headers: { "api-key": ADMIN } },
  { name: "user", path: "/api/keyward/users/alice", headers: { "api-key": ADMIN } },
  {
    name: "set public role",
    method: "PUT",
    path: "/api/keyward/settings/public-role",
    headers: json(ADMIN),
    body: '{"role":"public"}',
  },
  { name: "public read", path: "/api/posts", passes: true },
  { name: "public create", method: "POST", path: "/api/posts" },
  { name: "public manages", path: "/api/keyward/keys" },
  {
    name: "refresh own key, stale If-Match",
    method: "POST",
    path: "/api/keyward/me/keys/refresh",
    headers: { "api-key": EDITOR, "if-match": '"0000000000000000"' },
  },
  {
    name: "refresh own key, weak If-Match",
    method: "POST",
    path: "/api/keyward/me/keys/refresh",
    headers: { "api-key": EDITOR, "if-match": `W/${EDITOR_ETAG}` },
  },
  {
    name: "refresh own key, current If-Match",
    method: "POST",
    path: "/api/keyward/me/keys/refresh",
    headers: { "api-key": EDITOR, "if-match": EDITOR_ETAG },
  },
  { name: "refreshed-away key", path: "/api/posts", headers: { "api-key": EDITOR } },
];

const KEYWARD_HEADERS = [
  "content-type",
  "cache-control",
  "www-authenticate",
  "retry-after",
  "allow",
  "etag",
  "connection",
] as const;

// New secrets make new versions (etags); that ETag is the record's own is checked by conformance.
function normalise(body: string): string {
  return body
    .replace(/(USR|API)-[0-9a-f]{40}/g, (key) =>
      [ADMIN, EDITOR, READER_APP, UNKNOWN].includes(key) ? key : "<new key>",
    )
    .replace(/"start":"(USR|API)-[0-9a-f]{8}"/g, (start) =>
      [ADMIN, EDITOR, READER_APP].some((key) => start.includes(key.slice(0, 12)))
        ? start
        : '"start":"<new start>"',
    )
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/\\"[0-9a-f]{16}\\"/g, "<etag>");
}

const normaliseEtag = (value: string | null) => value?.replace(/^"[0-9a-f]{16}"$/, "<etag>") ?? null;

function bodyOf(step: Step): string | ReadableStream<Uint8Array> | undefined {
  if (step.body === undefined || !step.streamed) return step.body;
  const bytes = new TextEncoder().encode(step.body);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.slice(i, i + 16_384));
      controller.close();
    },
  });
}

async function observe(server: Server, step: Step) {
  const body = bodyOf(step);
  const response = await fetch(server.url + step.path, {
    method: step.method ?? "GET",
    headers: step.headers ?? {},
    ...(body === undefined ? {} : { body, duplex: "half" }),
  } as RequestInit);
  const headers: Record<string, string | null> = {};
  for (const name of KEYWARD_HEADERS) {
    // The app's own handlers answer in each framework's way (Express's res.json adds a weak ETag).
    if (step.passes && (name === "content-type" || name === "etag")) continue;
    headers[name] = name === "etag" ? normaliseEtag(response.headers.get(name)) : response.headers.get(name);
  }
  return { status: response.status, headers, body: normalise(await response.text()) };
}

describe("answers identical to @keyward/express", () => {
  let expressServer: Server;
  let honoServer: Server;

  beforeAll(async () => {
    [expressServer, honoServer] = await Promise.all([startExpress(), startHono()]);
  });

  afterAll(async () => {
    await Promise.all([expressServer?.close(), honoServer?.close()]);
  });

  it("for every step of a session, in order, byte for byte", async () => {
    const statuses: number[] = [];
    for (const step of STEPS) {
      const [fromExpress, fromHono] = [await observe(expressServer, step), await observe(honoServer, step)];
      if (fromHono.status === 204) {
        // The one known difference: @hono/node-server gives every Response without a Content-Type
        // "text/plain; charset=UTF-8", even an empty 204 (Hono's own c.body(null, 204) too). Sending
        // "" instead would add Content-Length: 0, which RFC 9110 forbids on a 204. The body is empty.
        expect(fromHono.headers["content-type"]).toBe("text/plain; charset=UTF-8");
        fromHono.headers["content-type"] = fromExpress.headers["content-type"] ?? null;
      }
      expect({ step: step.name, ...fromHono }).toEqual({ step: step.name, ...fromExpress });
      // A too-large body is answered after it was read (up to the drain cap), then the connection closes.
      if (fromHono.status === 413) expect(fromHono.headers.connection).toBe("close");
      statuses.push(fromHono.status);
    }
    // The session really went through passes, refusals and the management API's answers.
    expect(new Set(statuses)).toEqual(new Set([200, 201, 204, 400, 401, 403, 404, 405, 412, 413]));
  });
});
