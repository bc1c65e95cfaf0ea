// The scripted requests every runtime of the matrix must answer identically (apart from which
// hasher core picked), and what the answers must be.
import { ADMIN_KEY, EDITOR_KEY, UNKNOWN_KEY } from "./fixtures.mjs";

/** Sends one request to the app under test; `path` starts with `/`. */
export type Send = (
  path: string,
  init?: { method?: string; headers?: [string, string][]; body?: string },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** What the script records of one answer: enough to compare runtimes byte for byte. */
export interface Observed {
  readonly status: number;
  readonly wwwAuthenticate: string | null;
  readonly contentType: string | null;
  readonly body: string;
}

async function observe(answer: Awaited<ReturnType<Send>>): Promise<Observed> {
  return {
    status: answer.status,
    wwwAuthenticate: answer.headers.get("www-authenticate"),
    contentType: answer.headers.get("content-type"),
    body: await answer.text(),
  };
}

/** The result of a run: each step's answer, plus the hasher the runtime's core chose. */
export interface ScriptRun {
  readonly steps: Record<string, Observed>;
  readonly hasher: string;
  readonly createdKey: string;
  readonly createdKeyCacheControl: string | null;
}

/**
 * Runs the script: valid key, no key (public role), invalid key, missing permission, conflicting
 * keys, management key creation, and the created key in use.
 * @param send - how to reach the app (real HTTP, or miniflare's dispatchFetch)
 */
export async function runScript(send: Send): Promise<ScriptRun> {
  const steps: Record<string, Observed> = {};
  steps.validKey = await observe(await send("/api/posts", { headers: [["api-key", EDITOR_KEY]] }));
  steps.noKeyPublic = await observe(await send("/api/posts"));
  steps.invalidKey = await observe(await send("/api/posts", { headers: [["api-key", UNKNOWN_KEY]] }));
  steps.malformedKey = await observe(await send("/api/posts", { headers: [["api-key", "USR-nope"]] }));
  steps.missingPermission = await observe(
    await send("/api/posts/1", { method: "DELETE", headers: [["authorization", `Bearer ${EDITOR_KEY}`]] }),
  );
  steps.noKeyMissingPermission = await observe(await send("/api/posts/1", { method: "DELETE" }));
  steps.conflictingKeys = await observe(
    await send("/api/posts", {
      headers: [
        ["api-key", EDITOR_KEY],
        ["authorization", `Bearer ${ADMIN_KEY}`],
      ],
    }),
  );
  const created = await send("/api/keyward/keys", {
    method: "POST",
    headers: [
      ["authorization", `Bearer ${ADMIN_KEY}`],
      ["content-type", "application/json"],
    ],
    body: JSON.stringify({ userId: "alice", name: "ci" }),
  });
  const createdKeyCacheControl = created.headers.get("cache-control");
  const createdObserved = await observe(created);
  const createdBody = JSON.parse(createdObserved.body) as { key?: unknown; record?: Record<string, unknown> };
  const createdKey = typeof createdBody.key === "string" ? createdBody.key : "";
  steps.createKey = {
    ...createdObserved,
    // The key and record differ per run; keep the shape, which must not.
    body: JSON.stringify({
      keyShape: /^USR-[0-9a-f]{40}$/.test(createdKey),
      recordKeys: Object.keys(createdBody.record ?? {}).sort(),
    }),
  };
  steps.createdKeyInUse = await observe(await send("/api/posts", { headers: [["api-key", createdKey]] }));
  steps.createWithoutPermission = await observe(
    await send("/api/keyward/keys", {
      method: "POST",
      headers: [
        ["api-key", EDITOR_KEY],
        ["content-type", "application/json"],
      ],
      body: JSON.stringify({ userId: "alice" }),
    }),
  );
  // Read to its end, then refused with Connection: close, which no runtime may choke on.
  steps.createTooLarge = await observe(
    await send("/api/keyward/keys", {
      method: "POST",
      headers: [
        ["api-key", ADMIN_KEY],
        ["content-type", "application/json"],
      ],
      body: JSON.stringify({ userId: "alice", name: "x".repeat(120_000) }),
    }),
  );
  const probe = JSON.parse(await (await send("/probe")).text()) as { hasher: string };
  return { steps, hasher: probe.hasher, createdKey, createdKeyCacheControl };
}

const JSON_TYPE = "application/json; charset=utf-8";
const REQUIRED = 'Bearer realm="keyward"';
const FAILED = 'Bearer realm="keyward", error="invalid_token"';

/** The answers every runtime must give, byte for byte. */
export const EXPECTED_STEPS: Record<string, Observed> = {
  validKey: {
    status: 200,
    wwwAuthenticate: null,
    contentType: "application/json",
    body: '{"kind":"user","userId":"alice"}',
  },
  noKeyPublic: {
    status: 200,
    wwwAuthenticate: null,
    contentType: "application/json",
    body: '{"kind":"public","userId":null}',
  },
  invalidKey: {
    status: 401,
    wwwAuthenticate: FAILED,
    contentType: JSON_TYPE,
    body: '{"error":"Authentication failed"}',
  },
  malformedKey: {
    status: 401,
    wwwAuthenticate: FAILED,
    contentType: JSON_TYPE,
    body: '{"error":"Authentication failed"}',
  },
  missingPermission: {
    status: 403,
    wwwAuthenticate: null,
    contentType: JSON_TYPE,
    body: '{"error":"Permission denied"}',
  },
  noKeyMissingPermission: {
    status: 401,
    wwwAuthenticate: REQUIRED,
    contentType: JSON_TYPE,
    body: '{"error":"Authentication required"}',
  },
  conflictingKeys: {
    status: 400,
    wwwAuthenticate: null,
    contentType: JSON_TYPE,
    body: '{"error":"Conflicting credentials"}',
  },
  createKey: {
    status: 201,
    wwwAuthenticate: null,
    contentType: JSON_TYPE,
    body: JSON.stringify({
      keyShape: true,
      recordKeys: [
        "createdAt",
        "etag",
        "expiresAt",
        "id",
        "kind",
        "lastUsedAt",
        "name",
        "permissions",
        "revokedAt",
        "role",
        "start",
        "userId",
      ],
    }),
  },
  createdKeyInUse: {
    status: 200,
    wwwAuthenticate: null,
    contentType: "application/json",
    body: '{"kind":"user","userId":"alice"}',
  },
  createWithoutPermission: {
    status: 403,
    wwwAuthenticate: null,
    contentType: JSON_TYPE,
    body: '{"error":"Permission denied"}',
  },
  createTooLarge: {
    status: 413,
    wwwAuthenticate: null,
    contentType: JSON_TYPE,
    body: '{"error":"The request body is too large"}',
  },
};
