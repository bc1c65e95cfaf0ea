import { describe, expect, it } from "vitest";
import { MANAGEMENT_BODY_LIMIT, PAYLOAD_TOO_LARGE } from "../answers";
import { MANAGEMENT_DRAIN_LIMIT, managementBodyVerdict, PAYLOAD_TOO_LARGE_CLOSE } from "./body-limit";

describe("managementBodyVerdict", () => {
  it.each([
    [0, "keep"],
    [Number.NaN, "keep"],
    [MANAGEMENT_BODY_LIMIT, "keep"],
    [MANAGEMENT_BODY_LIMIT + 1, "discard"],
    [MANAGEMENT_DRAIN_LIMIT, "discard"],
    [MANAGEMENT_DRAIN_LIMIT + 1, "stop"],
  ])("%d bytes: %s", (bytes, verdict) => {
    expect(managementBodyVerdict(bytes)).toBe(verdict);
  });
});

describe("PAYLOAD_TOO_LARGE_CLOSE", () => {
  it("is the 413 answer plus Connection: close", () => {
    expect(PAYLOAD_TOO_LARGE_CLOSE).toEqual({
      ...PAYLOAD_TOO_LARGE,
      headers: { ...PAYLOAD_TOO_LARGE.headers, connection: "close" },
    });
    expect(PAYLOAD_TOO_LARGE_CLOSE.status).toBe(413);
    expect(Object.isFrozen(PAYLOAD_TOO_LARGE_CLOSE.headers)).toBe(true);
  });
});
