import { beforeAll, describe, expect, it } from "vitest";
import type { Exchange } from "./client";
import { MANAGEMENT_MOUNT, managementContractCheck } from "./management-contract";
import { matchOpenApiPath } from "./match-openapi-path";
import type { ContractCheck } from "./openapi-contract";

const BASE = "http://127.0.0.1:1";
const ETAG = '"0123456789abcdef"';
const RECORD = {
  id: "5b0c8a52-5a4e-4d43-9a57-1a2b3c4d5e6f",
  kind: "user",
  start: "USR-0123abcd",
  userId: "alice",
  role: null,
  name: null,
  permissions: null,
  expiresAt: null,
  createdAt: "2030-01-01T00:00:00.000Z",
  lastUsedAt: null,
  revokedAt: null,
  etag: ETAG,
};
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

/** One exchange with the management API; `headers` are the reply's. */
function exchange(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = JSON_HEADERS,
  requestBody?: unknown,
): Exchange {
  return {
    method,
    url: `${BASE}${MANAGEMENT_MOUNT}${path}`,
    requestBody: requestBody === undefined ? undefined : JSON.stringify(requestBody),
    reply: { status, headers: new Headers(headers), body: body === undefined ? "" : JSON.stringify(body) },
  };
}

describe("the OpenAPI contract check", () => {
  let check: ContractCheck;
  beforeAll(async () => {
    check = await managementContractCheck();
  });

  it("passes answers as documented", () => {
    const answers = [
      exchange("GET", `/keys/${RECORD.id}`, 200, RECORD, { ...JSON_HEADERS, etag: ETAG }),
      exchange("GET", "/keys?userId=alice", 200, { keys: [RECORD] }),
      exchange("DELETE", `/keys/${RECORD.id}`, 204, undefined, { "cache-control": "no-store" }),
      exchange(
        "GET",
        "/roles",
        401,
        { error: "Authentication required" },
        {
          ...JSON_HEADERS,
          "www-authenticate": 'Bearer realm="keyward"',
        },
      ),
      exchange(
        "GET",
        "/roles",
        503,
        { error: "Service unavailable" },
        { ...JSON_HEADERS, "retry-after": "1" },
      ),
      exchange(
        "PATCH",
        "/keys",
        405,
        { error: "Method not allowed" },
        { ...JSON_HEADERS, allow: "GET, POST" },
      ),
      exchange("GET", "/nowhere", 404, { error: "Not found" }),
      exchange(
        "POST",
        "/keys",
        201,
        { key: `USR-${"ab".repeat(20)}`, record: RECORD },
        {
          ...JSON_HEADERS,
          etag: ETAG,
        },
        { userId: "alice" },
      ),
    ];
    for (const answer of answers) expect(check(answer), answer.url).toEqual([]);
  });

  it("ignores exchanges outside the management mount", () => {
    const other = { ...exchange("GET", "/x", 418, "teapot"), url: `${BASE}/api/posts` };
    expect(check(other)).toEqual([]);
  });

  it.each([
    [
      "a field the record must not have",
      exchange(
        "GET",
        `/keys/${RECORD.id}`,
        200,
        { ...RECORD, hash: "ab".repeat(32) },
        { ...JSON_HEADERS, etag: ETAG },
      ),
      /body does not match the schema.*additional properties/,
    ],
    [
      "a field missing",
      exchange("GET", "/roles/editor", 200, { appid: "editor", name: "Editor" }),
      /must have required property 'permissions'/,
    ],
    [
      "a status the operation does not give",
      exchange("GET", "/roles", 418, { error: "teapot" }),
      /status 418 is not documented for GET \/roles/,
    ],
    [
      "a documented header missing",
      exchange("GET", `/keys/${RECORD.id}`, 200, RECORD),
      /header ETag is missing/,
    ],
    [
      "a header keyward sets, undocumented there",
      exchange("GET", "/roles", 200, { roles: [] }, { ...JSON_HEADERS, etag: ETAG }),
      /header etag is sent but not documented/,
    ],
    [
      "a header that does not match its schema",
      exchange("GET", "/roles", 200, { roles: [] }, { ...JSON_HEADERS, "cache-control": "max-age=60" }),
      /header Cache-Control "max-age=60"/,
    ],
    [
      "another media type",
      exchange("GET", "/roles", 200, { roles: [] }, { ...JSON_HEADERS, "content-type": "text/plain" }),
      /Content-Type "text\/plain" is not documented/,
    ],
    [
      "a body on a 204",
      exchange("DELETE", "/roles/editor", 204, { ok: true }, { "cache-control": "no-store" }),
      /a body where the document has none/,
    ],
    [
      "an error message that is not the fixed one",
      exchange("GET", "/roles", 412, { error: "Stale" }),
      /must be equal to one of the allowed values/,
    ],
    [
      "a 401 without its challenge",
      exchange("GET", "/roles", 401, { error: "Authentication required" }),
      /header WWW-Authenticate is missing/,
    ],
    [
      "Allow naming other methods than the path has",
      exchange("PATCH", "/keys", 405, { error: "Method not allowed" }, { ...JSON_HEADERS, allow: "GET" }),
      /Allow "GET" is not the documented methods/,
    ],
    [
      "a success for an unknown path",
      exchange("GET", "/nowhere", 200, {}),
      /status 200 for a request no operation matches/,
    ],
    [
      "a success for a body the document refuses",
      exchange(
        "POST",
        "/keys",
        201,
        { key: `USR-${"ab".repeat(20)}`, record: RECORD },
        { ...JSON_HEADERS, etag: ETAG },
        { userid: "alice" },
      ),
      /accepted a body the document refuses/,
    ],
    [
      "a success for a path value the document refuses",
      exchange("GET", "/users/a%20b", 200, { id: "a b", role: "editor", active: true }),
      /accepted path id the document refuses/,
    ],
  ])("fails %s", (_, answer, problem) => {
    const problems = check(answer);
    expect(problems.join("\n")).toMatch(problem);
  });
});

describe("matchOpenApiPath", () => {
  const templates = ["/keys", "/keys/{id}", "/keys/{id}/refresh", "/me/keys/refresh", "/users/{id}"];
  it.each([
    ["/keys", { template: "/keys", params: {} }],
    ["/keys/", { template: "/keys", params: {} }],
    ["/keys/a%20b", { template: "/keys/{id}", params: { id: "a b" } }],
    ["/keys/x/refresh", { template: "/keys/{id}/refresh", params: { id: "x" } }],
    ["/me/keys/refresh", { template: "/me/keys/refresh", params: {} }],
    ["/keys/%E0%A4%A", null],
    ["/nowhere", null],
    ["/keys/x/refresh/now", null],
  ])("%s", (path, expected) => {
    expect(matchOpenApiPath(templates, path)).toEqual(expected);
  });
});
