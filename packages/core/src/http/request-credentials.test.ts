import { describe, expect, it } from "vitest";
import { extractCredential } from "./credentials";
import { containsKeyShape } from "./key-shape";
import {
  credentialsFromFetchHeaders,
  credentialsFromHeaderRecord,
  credentialsFromRawHeaders,
} from "./request-credentials";

const KEY = `USR-${"ab12".repeat(10)}`;

/** What a request with these headers and this URL amounts to, read through every reader. */
function outcomes(headers: [string, string][], url = "/api/posts"): string[] {
  const record: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const existing = record[name];
    record[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const fetchHeaders = {
    forEach(callback: (value: string, name: string) => void) {
      for (const [name, value] of headers) callback(value, name.toLowerCase());
    },
  };
  return [
    credentialsFromRawHeaders(headers.flat(), url),
    credentialsFromHeaderRecord(record, url),
    credentialsFromFetchHeaders(fetchHeaders, `http://127.0.0.1:3000${url}`),
  ].map((credentials) => {
    const found = extractCredential(credentials);
    return found.kind === "answer" ? found.answer.code : found.kind === "key" ? `key:${found.key}` : "none";
  });
}

describe("reading credentials", () => {
  it.each<[string, [string, string][], string?]>([
    ["api-key in any case", [["Api-Key", KEY]]],
    ["API-KEY", [["API-KEY", KEY]]],
    ["Authorization in any case", [["AUTHORIZATION", `Bearer ${KEY}`]]],
    ["authorization", [["authorization", `bearer ${KEY}`]]],
  ])("finds the key in %s", (_, headers) => {
    expect(new Set(outcomes(headers))).toEqual(new Set([`key:${KEY}`]));
  });

  it.each<[string, [string, string][], string?]>([
    ["x-api-key", [["x-api-key", KEY]]],
    ["an api_key header", [["api_key", KEY]]],
    ["X-Auth-Token with a prefix", [["X-Auth-Token", `token=${KEY}`]]],
    ["a cookie", [["cookie", `session=${KEY}`]]],
    [
      "x-api-key next to the same key in api-key",
      [
        ["api-key", KEY],
        ["x-api-key", KEY],
      ],
    ],
    ["?api-key=", [], `/api/posts?api-key=${KEY}`],
    ["?token=", [], `/api/posts?token=${KEY}`],
    ["?apikey= in lower-case hex", [], `/api/posts?apikey=${KEY.toLowerCase()}`],
    ["a query parameter named like a key", [], `/api/posts?${KEY}`],
    ["the path", [], `/api/posts/${KEY}`],
    ["Authorization: Token", [["authorization", `Token ${KEY}`]]],
    ["Authorization: Basic-looking with a key", [["authorization", `Basic ${KEY}`]]],
    ["Basic credentials holding a key (curl -u KEY:)", [["authorization", `Basic ${btoa(`${KEY}:`)}`]]],
    ["a percent-encoded path", [], `/api/items/USR%2D${KEY.slice(4)}`],
    ["a path with an encoded prefix letter", [], `/api/items/%55SR-${KEY.slice(4)}`],
    ["a twice-encoded path", [], `/api/items/USR%252D${KEY.slice(4)}`],
    ["a percent-encoded cookie", [["cookie", `k=USR%2D${KEY.slice(4)}`]]],
  ])("refuses a key sent in %s (400, never the public role)", (_, headers, url) => {
    expect(new Set(outcomes(headers, url))).toEqual(new Set(["misplaced_credential"]));
  });

  it.each<[string, [string, string][], string?]>([
    ["a host name that starts with api-", [["host", "api-deadbeef.example.com"]]],
    ["a request id", [["x-request-id", "api-0123456789abcdef"]]],
    ["a display hint", [["x-key", "USR-b2a6ef40"]]],
    ["Basic credentials of a user", [["authorization", `Basic ${btoa("alice:secret")}`]]],
    ["a malformed escape", [], "/api/posts/%zz%2"],
    ["a search for the word api", [], "/api/posts?q=api-docs"],
  ])("leaves alone %s", (_, headers, url) => {
    expect(new Set(outcomes(headers, url))).toEqual(new Set(["none"]));
  });

  it("keeps ?api_key= for its own 400", () => {
    expect(new Set(outcomes([], `/api/posts?api_key=${KEY}`))).toEqual(new Set(["query_key_disabled"]));
  });
});

describe("containsKeyShape", () => {
  it.each([
    [KEY, true],
    [`x${KEY}y`, true],
    [`api-${"F".repeat(40)}`, true],
    [`USR-${"a".repeat(39)}`, false],
    [`USR-${"a".repeat(39)}g`, false],
    ["USR-", false],
    ["", false],
  ])("%s → %s", (value, expected) => {
    expect(containsKeyShape(value)).toBe(expected);
  });
});
