import { describe, expect, it } from "vitest";
import { assertKeyward, authenticateAwaitable, isKeyward } from "./adapter-access";
import { createKeyward } from "./keyward";
import { memoryStore } from "./memory-store";

describe("adapter access", () => {
  it("recognises instances, and nothing shaped like one", () => {
    const keyward = createKeyward({ store: memoryStore() });
    expect(isKeyward(keyward)).toBe(true);
    expect(isKeyward({ ...keyward })).toBe(false);
    expect(isKeyward(memoryStore())).toBe(false);
    expect(() => assertKeyward({ store: memoryStore() }, "apiKeyAuth")).toThrow(
      "apiKeyAuth: the first argument must be a keyward instance (createKeyward(...))",
    );
  });

  it("keeps the synchronous authentication off the public API and its JSON", () => {
    const keyward = createKeyward({ store: memoryStore() });
    expect("authenticateAwaitable" in keyward).toBe(false);
    expect(Object.keys(keyward)).not.toContain("authenticateAwaitable");
    const result = authenticateAwaitable(keyward, null);
    expect(result instanceof Promise).toBe(false);
    expect(() => authenticateAwaitable({ ...keyward }, null)).toThrow(TypeError);
  });
});
