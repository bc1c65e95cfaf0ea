import { describe, expect, it } from "vitest";
import { parseIfMatch } from "./if-match";

describe("parseIfMatch", () => {
  it.each([
    [undefined, undefined],
    ["*", "*"],
    [" *\t", "*"],
    ['"a1"', ['"a1"']],
    ['"a1", "b2"', ['"a1"', '"b2"']],
    ['"a1","b2"', ['"a1"', '"b2"']],
    // Two headers joined by the framework, and empty list elements.
    ['"a1", , "b2",', ['"a1"', '"b2"']],
    // Weak tags never match under If-Match's strong comparison: dropped.
    ['W/"a1"', []],
    ['W/"a1", "b2"', ['"b2"']],
    // A comma is a valid character inside an opaque tag.
    ['"a,1"', ['"a,1"']],
    ['""', ['""']],
  ])("reads %j as %j", (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it.each([
    "",
    "a1",
    '"a1',
    '"a1" "b2"',
    '"a1"x',
    'w/"a1"',
    '*, "a1"',
    "**",
    '"a 1"',
    '"a\u00001"',
    '"a\u01001"',
  ])("reads the malformed %j as a list nothing matches", (header) => {
    expect(parseIfMatch(header)).toEqual([]);
  });
});
