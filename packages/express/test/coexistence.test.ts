import { fileURLToPath } from "node:url";
import { typeCheck } from "@keyward/conformance";
import { describe, expect, it } from "vitest";

const TSCONFIG = fileURLToPath(new URL("../../../tsconfig.base.json", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./coexist/${name}`, import.meta.url));

// Each scenario is a program of its own: the global declarations under test must not leak into
// the other type tests (which share one program).
describe("types next to another library's req.auth", () => {
  it("compile with no augmentation: the other library keeps req.auth, getAuth(req) is keyward's", async () => {
    expect(await typeCheck([fixture("next-to-jwt-library.ts")], TSCONFIG)).toEqual([]);
  }, 60_000);

  it("type req.auth as a Principal once @keyward/express/augment is imported", async () => {
    expect(await typeCheck([fixture("augmented.ts")], TSCONFIG)).toEqual([]);
  }, 60_000);

  it("clash when both declare req.auth, which is why the augmentation is opt-in", async () => {
    const diagnostics = await typeCheck([fixture("augmented-and-jwt-library.ts")], TSCONFIG);
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toContain(2717);
  }, 60_000);
});
