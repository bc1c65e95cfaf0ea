import { describe, expect, it } from "vitest";
import { patternInWords, publicReach } from "./plain-words";

describe("patternInWords", () => {
  it.each([
    ["content/posts/read", "content/posts/read"],
    ["content/*/read", "content/‹any one name›/read"],
    ["content/**", "anything under content/"],
    ["**", "everything"],
    ["*", "‹any one name›"],
  ])("says %j as %j", (pattern, words) => {
    expect(patternInWords(pattern)).toBe(words);
  });
});

describe("publicReach", () => {
  it("lists what anyone could do, the exceptions, and a management permission the API would refuse", () => {
    expect(publicReach(["content/*/read", "!content/drafts/read"])).toEqual({
      can: ["content/‹any one name›/read"],
      never: ["content/drafts/read"],
      manages: null,
    });
    expect(publicReach(["keyward/**"]).manages).toBe("keyward/keys/manage");
    expect(publicReach([])).toEqual({ can: [], never: [], manages: null });
  });
});
