import { describe, expect, it } from "vitest";
import { extractCredential, type RequestCredentials } from "./credentials";

const A = `USR-${"a".repeat(40)}`;
const B = `API-${"b".repeat(40)}`;

function creds(partial: Partial<RequestCredentials>): RequestCredentials {
  return { apiKey: [], authorization: [], queryKey: [], ...partial };
}

describe("extractCredential", () => {
  it.each<[string, Partial<RequestCredentials>, string]>([
    ["nothing", {}, "none"],
    ["one api-key header", { apiKey: [A] }, `key:${A}`],
    ["api-key with surrounding spaces", { apiKey: [`  ${A}\t`] }, `key:${A}`],
    ["the same api-key twice", { apiKey: [A, A] }, `key:${A}`],
    ["the same api-key joined by a proxy", { apiKey: [`${A}, ${A}`] }, `key:${A}`],
    ["bearer", { authorization: [`Bearer ${A}`] }, `key:${A}`],
    ["bearer in lower case", { authorization: [`bearer ${A}`] }, `key:${A}`],
    ["BEARER in upper case", { authorization: [`BEARER   ${A}`] }, `key:${A}`],
    ["basic is ignored", { authorization: ["Basic dXNlcjpwYXNz"] }, "none"],
    ["basic next to api-key", { apiKey: [A], authorization: ["Basic dXNlcjpwYXNz"] }, `key:${A}`],
    // A key without the Bearer scheme is never "no key" (which would mean public), nor silently
    // taken: it is a 400 that says how to send it.
    ["a key as the whole Authorization value", { authorization: [A] }, "misplaced"],
    ["a key under another scheme", { authorization: [`Token ${B}`] }, "misplaced"],
    [
      "a key under a scheme that only starts like Bearer",
      { authorization: [`Bearer(v2) ${B}`] },
      "misplaced",
    ],
    ["a key under Bearer2", { authorization: [`Bearer2 ${B}`] }, "misplaced"],
    ["a malformed key under another scheme", { authorization: ["Token usr-nothex"] }, "misplaced"],
    ["a scheme-less key next to the same api-key", { apiKey: [A], authorization: [A] }, "misplaced"],
    ["a bearer key and another scheme's key", { authorization: [`Bearer ${A}, Token ${A}`] }, "misplaced"],
    ["digest credentials are ignored", { authorization: ['Digest username="api-user", realm="x"'] }, "none"],
    ["flagged by a reader", { apiKey: [A], misplaced: true }, "misplaced"],
    ["header and bearer with the same key", { apiKey: [A], authorization: [`Bearer ${A}`] }, `key:${A}`],
    ["an empty api-key header is a key", { apiKey: [""] }, "key:"],
    ["a bare Bearer is an empty key", { authorization: ["Bearer"] }, "key:"],
    ["garbage is a key", { apiKey: ["not a key"] }, "key:not a key"],
    ["two different api-key headers", { apiKey: [A, B] }, "conflict"],
    ["two keys joined in one header", { apiKey: [`${A}, ${B}`] }, "conflict"],
    ["header and a different bearer", { apiKey: [A], authorization: [`Bearer ${B}`] }, "conflict"],
    ["two bearers joined", { authorization: [`Bearer ${A}, Bearer ${B}`] }, "conflict"],
    ["empty next to a key", { apiKey: ["", A] }, "conflict"],
    ["query key while disabled", { queryKey: [A] }, "query"],
    ["query key next to a header while disabled", { apiKey: [A], queryKey: [A] }, "query"],
  ])("%s", (_, partial, expected) => {
    const found = extractCredential(creds(partial));
    const summary =
      found.kind === "key"
        ? `key:${found.key}`
        : found.kind === "none"
          ? "none"
          : found.answer.code === "conflicting_credentials"
            ? "conflict"
            : found.answer.code === "query_key_disabled"
              ? "query"
              : found.answer.code === "misplaced_credential"
                ? "misplaced"
                : found.answer.code;
    expect(summary).toBe(expected);
  });

  it("takes the query key when enabled, and still refuses two different keys", () => {
    expect(extractCredential(creds({ queryKey: [A] }), { allowQueryKey: true })).toEqual({
      kind: "key",
      key: A,
    });
    expect(extractCredential(creds({ apiKey: [A], queryKey: [A] }), { allowQueryKey: true })).toEqual({
      kind: "key",
      key: A,
    });
    const conflict = extractCredential(creds({ apiKey: [A], queryKey: [B] }), { allowQueryKey: true });
    expect(conflict.kind === "answer" && conflict.answer.status).toBe(400);
    const twoQueries = extractCredential(creds({ queryKey: [A, B] }), { allowQueryKey: true });
    expect(twoQueries.kind === "answer" && twoQueries.answer.code).toBe("conflicting_credentials");
  });

  it("answers with the documented bodies", () => {
    const conflict = extractCredential(creds({ apiKey: [A, B] }));
    expect(conflict.kind === "answer" && conflict.answer.body).toBe('{"error":"Conflicting credentials"}');
    const query = extractCredential(creds({ queryKey: [A] }));
    expect(query.kind === "answer" && query.answer.status).toBe(400);
    expect(query.kind === "answer" && query.answer.body).toMatch(/api-key header/);
    expect(query.kind === "answer" && query.answer.body).not.toContain(A);
  });
});
