import { fileURLToPath } from "node:url";
import { typeCheck } from "@keyward/conformance";
import { describe, expect, it } from "vitest";

const TSCONFIG = fileURLToPath(new URL("../../../tsconfig.base.json", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./coexist/${name}`, import.meta.url));

// Each scenario is a program of its own: ContextVariableMap declarations are global and would leak
// into the other type tests (which share one program).
describe("types in any Hono app, next to another library's auth variable", () => {
  it("compile in a plain new Hono() app with getAuth(c)", async () => {
    expect(await typeCheck([fixture("plain-app.ts")], TSCONFIG)).toEqual([]);
  }, 60_000);

  it("compile next to a library declaring its own auth in ContextVariableMap", async () => {
    expect(await typeCheck([fixture("next-to-other-library.ts")], TSCONFIG)).toEqual([]);
  }, 60_000);

  it('type c.get("auth") in every app once @keyward/hono/augment is imported', async () => {
    expect(await typeCheck([fixture("augmented.ts")], TSCONFIG)).toEqual([]);
  }, 60_000);

  it("clash when both declare auth, which is why the augmentation is opt-in", async () => {
    const diagnostics = await typeCheck([fixture("augmented-and-other-library.ts")], TSCONFIG);
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toContain(2717);
  }, 60_000);
});
