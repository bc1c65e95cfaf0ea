import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { managementOpenApiDocument, managementOpenApiJson } from "./openapi-document";

const CHECKED_IN = new URL("../../../../../../docs/openapi.json", import.meta.url);

describe("docs/openapi.json", () => {
  it("is the generated document (regenerate: pnpm --filter @keyward/core openapi:write)", () => {
    // Compared as data: Biome formats the file (short arrays on one line), the generator does not.
    expect(JSON.parse(readFileSync(CHECKED_IN, "utf8"))).toEqual(managementOpenApiDocument());
  });

  it("the generator's text is the document, indented, with a final newline", () => {
    const text = managementOpenApiJson({ serverUrl: "https://api.example.com/keyward" });
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "openapi": "3.1.0",\n');
    expect(JSON.parse(text).servers[0].url).toBe("https://api.example.com/keyward");
  });
});
