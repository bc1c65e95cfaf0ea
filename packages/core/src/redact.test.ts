import { describe, expect, it } from "vitest";
import { KeywardError } from "./errors";
import { createManagementHandler } from "./http/management/handler";
import { createKeyward } from "./keyward";
import { memoryStore } from "./memory-store";
import { quoteInput, redactKeys } from "./redact";

const SECRET = "3f9a0c1d22e4b5a6978877665544332211009988";

describe("redactKeys", () => {
  it.each([
    `USR-${SECRET}`,
    `xUSR-${SECRET}`,
    `_API-${SECRET}`,
    `1USR-${SECRET}`,
    `a:USR-${SECRET}`,
    `"USR-${SECRET.slice(0, 19)}`,
    `usr-${SECRET.toUpperCase()}`,
    `Api-${SECRET.slice(0, 8)}`,
  ])("leaves no hex of %s", (value) => {
    const redacted = redactKeys(`Unknown key ${value} here`);
    expect(redacted).not.toMatch(/[0-9a-f]{8}/i);
    expect(redacted).toContain("-[redacted]");
  });

  it("leaves ordinary text alone", () => {
    expect(redactKeys("Unknown role api-docs, user usr-1")).toBe("Unknown role api-docs, user usr-1");
  });
});

describe("quoteInput", () => {
  it("quotes at most a display hint's length", () => {
    expect(quoteInput("editor")).toBe('"editor"');
    expect(quoteInput(SECRET)).toBe(`"${SECRET.slice(0, 12)}…"`);
  });
});

describe("no message echoes key material", () => {
  const pasted = [
    `xUSR-${SECRET}`,
    `_USR-${SECRET}`,
    `1API-${SECRET}`,
    `a:USR-${SECRET}`,
    `"USR-${SECRET}`,
    SECRET,
  ];

  it.each(pasted)("as a key, user or role id through the management API: %s", async (value) => {
    const keyward = createKeyward({ store: memoryStore() });
    await keyward.users.save({ id: "root", role: "admin", active: true });
    const result = await keyward.authenticate((await keyward.keys.create({ userId: "root" })).key);
    if (!result.ok) throw new Error("no principal");
    const handler = createManagementHandler(keyward);
    const id = encodeURIComponent(value);
    const requests = [
      { method: "GET", path: `/keys/${id}` },
      { method: "DELETE", path: `/keys/${id}` },
      { method: "POST", path: `/keys/${id}/refresh` },
      { method: "GET", path: `/users/${id}` },
      { method: "GET", path: `/roles/${id}` },
      { method: "DELETE", path: `/roles/${id}` },
      // A bare 40-hex string is a valid (if odd) user id; with a key's prefix it is refused.
      ...(value === SECRET ? [] : [{ method: "PUT", path: `/users/${id}`, body: { role: "admin" } }]),
      { method: "PUT", path: "/users/bob", body: { role: value } },
      { method: "POST", path: "/keys", body: { userId: value } },
      { method: "POST", path: "/keys", body: { role: value } },
      { method: "PUT", path: "/settings/public-role", body: { role: value } },
      { method: "POST", path: "/keys", body: { [value]: 1 } },
      { method: "GET", path: "/keys", query: { userId: value } },
      { method: "PUT", path: `/roles/${id}`, body: { appid: "x", name: "n", permissions: [] } },
      { method: "PUT", path: `/users/${id}`, body: { id: "x", role: "admin" } },
    ];
    for (const request of requests) {
      const answer = await handler.handle({ ...request, principal: result.principal });
      // Filtering keys by a bare hex user id is a valid query (an empty list); all else is refused.
      if (value !== SECRET || request.path !== "/keys" || request.method !== "GET") {
        expect(answer.status, `${request.method} ${request.path}`).toBeGreaterThanOrEqual(400);
      }
      expect(
        answer.body ?? "",
        `${request.method} ${request.path} ${JSON.stringify(request.body ?? {})}`,
      ).not.toContain(SECRET.slice(0, 13));
    }
  });

  it("in a KeywardError, whatever built the message", () => {
    const error = new KeywardError("NOT_FOUND", `Unknown key "xUSR-${SECRET}"`);
    expect(error.message).not.toContain(SECRET.slice(0, 8));
  });
});
