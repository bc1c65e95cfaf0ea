import { describe, expect, it } from "vitest";
import { compileCredentialSources, DEFAULT_CREDENTIAL_SOURCES } from "./credential-sources";
import { extractCredential } from "./credentials";
import { credentialsFromRawHeaders } from "./request-credentials";
import { withAppKey } from "./resolve-auth";

const KEY = `USR-${"ab".repeat(20)}`;
const OTHER = `USR-${"cd".repeat(20)}`;

describe("compileCredentialSources", () => {
  it("keeps the defaults shared when nothing is configured", () => {
    expect(compileCredentialSources(undefined, false, "t")).toBe(DEFAULT_CREDENTIAL_SOURCES);
    expect(compileCredentialSources(["API-Key", "Authorization"], false, "t")).toMatchObject({
      keyHeaders: ["api-key"],
      bearer: true,
    });
  });

  it("refuses what is not a list of distinct header names, quoting no key", () => {
    for (const bad of [
      [],
      "x-api-key",
      [""],
      ["x api key"],
      [42],
      ["a", "A"],
      ["cookie"],
      ["Proxy-Authorization"],
      ["user-agent"],
    ]) {
      expect(() => compileCredentialSources(bad, false, "apiKeyAuth")).toThrow(/apiKeyAuth: headers/);
    }
    try {
      compileCredentialSources([KEY, "x:y"], false, "apiKeyAuth");
    } catch (error) {
      expect(String(error)).not.toContain(KEY.slice(4));
    }
  });

  it("names the configured places in the misplaced answer", () => {
    const onlyCustom = compileCredentialSources(["x-api-key"], false, "t");
    const credentials = credentialsFromRawHeaders(["api-key", KEY], "/", onlyCustom);
    const found = extractCredential(credentials, { sources: onlyCustom });
    expect(found.kind === "answer" && found.answer.body).toBe(
      '{"error":"An API key was sent where it is not read: send it in the x-api-key header"}',
    );
    const both = compileCredentialSources(["x-api-key", "x-key", "authorization"], false, "t");
    const answer = both.misplacedAnswer.body;
    expect(answer).toContain(
      "in the x-api-key header, in the x-key header or as Authorization: Bearer <key>",
    );
  });
});

describe("a key read by the app's getKey", () => {
  const sources = compileCredentialSources(undefined, true, "t");

  it("is not misplaced where it was read, but any other key there still is", () => {
    const cookie = credentialsFromRawHeaders(["Cookie", `a=${KEY}`], "/", sources);
    expect(extractCredential(withAppKey(cookie, KEY), { sources })).toEqual({ kind: "key", key: KEY });
    const two = credentialsFromRawHeaders(["Cookie", `a=${KEY}; b=${OTHER}`], "/", sources);
    expect(extractCredential(withAppKey(two, KEY), { sources }).kind).toBe("answer");
    // Percent-encoded in the path: still found, still not excused.
    const path = credentialsFromRawHeaders([], `/items/USR%2D${"cd".repeat(20)}`, sources);
    expect(extractCredential(withAppKey(path, KEY), { sources }).kind).toBe("answer");
  });

  it("may come from Authorization under another scheme, which is then not misplaced", () => {
    for (const value of [`Token ${KEY}`, `Basic ${btoa(`${KEY}:`)}`, KEY]) {
      const read = credentialsFromRawHeaders(["Authorization", value], "/", sources);
      expect(extractCredential(withAppKey(read, KEY), { sources })).toEqual({ kind: "key", key: KEY });
      // Another key under that scheme is still misplaced.
      expect(extractCredential(withAppKey(read, OTHER), { sources }).kind).toBe("answer");
    }
  });

  it("must agree with the keys in the headers, and an empty one is a key", () => {
    const header = credentialsFromRawHeaders(["api-key", OTHER], "/", sources);
    expect(extractCredential(withAppKey(header, KEY), { sources })).toMatchObject({
      kind: "answer",
      answer: { code: "conflicting_credentials" },
    });
    expect(
      extractCredential(withAppKey(credentialsFromRawHeaders([], "/", sources), ""), { sources }),
    ).toEqual({
      kind: "key",
      key: "",
    });
  });

  it("is none when getKey returns null or undefined, and a bug for anything but a string", () => {
    const none = credentialsFromRawHeaders([], "/", sources);
    expect(withAppKey(none, undefined)).toBe(none);
    expect(withAppKey(none, null)).toBe(none);
    expect(() => withAppKey(none, 42)).toThrow(/getKey must return a string/);
  });
});
