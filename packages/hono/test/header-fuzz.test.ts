// 10,000 generated credential headers through `app.request()`: whatever a client sends, the answer
// is a 400 or a 401 from core's table, never a 5xx and never a pass (no generated value is a key).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTestApp } from "./conformance-app";
import { createWorld } from "./world";

// Bytes a Fetch `Headers` value may hold (no CR, LF or NUL; obs-text allowed), weighted towards the
// characters keys and schemes are made of, so that near-misses such as "USR-<39 hex>" come up often.
const headerChar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(..."0123456789abcdefABCDEF-USRAPI, \t") },
  { weight: 1, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)) },
);
const headerValue = fc.oneof(
  fc.string({ unit: headerChar, maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom("USR-", "API-", "usr-", "Bearer ", "bearer\t", ""),
      fc.string({ unit: headerChar, maxLength: 48 }),
    )
    .map(([prefix, rest]) => prefix + rest),
);
const request = fc.record(
  {
    apiKey: fc.array(headerValue, { minLength: 1, maxLength: 3 }),
    authorization: fc.array(headerValue, { minLength: 1, maxLength: 2 }),
    query: fc.string({ unit: headerChar, maxLength: 48 }),
  },
  { requiredKeys: [] },
);

describe("generated credential headers", () => {
  it("never cause a 5xx or a pass: only 400 or 401", async () => {
    const { keyward } = await createWorld();
    const app = createTestApp(keyward);
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ apiKey = [], authorization = [], query }) => {
        const headers = new Headers();
        for (const value of apiKey) headers.append("api-key", value);
        for (const value of authorization) headers.append("authorization", value);
        const path = query === undefined ? "/api/posts" : `/api/posts?api_key=${encodeURIComponent(query)}`;
        const response = await app.request(path, { headers });
        seen.add(response.status);
        expect([400, 401]).toContain(response.status);
        const body = await response.text();
        expect(body).toMatch(
          /^\{"error":"(Authentication required|Authentication failed|Conflicting credentials|API keys in the query string [^"]+|An API key was sent where it is not read[^"]+)"\}$/,
        );
      }),
      { numRuns: 10_000 },
    );
    // The generator reached every refusal, not just one of them.
    expect([...seen].sort()).toEqual([400, 401]);
  }, 120_000);
});
