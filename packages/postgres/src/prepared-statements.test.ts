import { describe, expect, it, vi } from "vitest";
import { resolveOptions } from "./options";
import { announcedByPooler, preparedStatements } from "./prepared-statements";

describe("preparedStatements", () => {
  it.each([true, false])("answers %s without asking when prepare is set", (prepare) => {
    const throughPooler = vi.fn(async () => true);
    expect(preparedStatements(prepare, throughPooler)()).toBe(prepare);
    expect(throughPooler).not.toHaveBeenCalled();
  });

  it.each([
    ["direct", false, true],
    ["behind a pooler", true, false],
  ])("asks once when left out (%s), for callers at once and later", async (_name, pooled, named) => {
    const throughPooler = vi.fn(async () => pooled);
    const prepared = preparedStatements("unless-pooled", throughPooler);
    expect(await Promise.all([prepared(), prepared()])).toEqual([named, named]);
    expect(prepared()).toBe(named);
    expect(throughPooler).toHaveBeenCalledTimes(1);
  });

  it("asks again after a check that failed (the server was away)", async () => {
    const throughPooler = vi.fn<() => Promise<boolean>>().mockRejectedValueOnce(new Error("down"));
    throughPooler.mockResolvedValueOnce(true);
    const prepared = preparedStatements("unless-pooled", throughPooler);
    await expect(prepared()).rejects.toThrow("down");
    expect(await prepared()).toBe(false);
    expect(throughPooler).toHaveBeenCalledTimes(2);
  });
});

describe("announcedByPooler", () => {
  it.each([
    ["the server's pid (direct)", 4242, 4242, false],
    ["the pid as text", 4242, "4242", false],
    ["another id (a pooler's)", -690599966, 10815, true],
    ["no announced pid", undefined, 10815, false],
    ["no answered pid", 4242, undefined, false],
  ])("%s", (_name, announced, actual, pooled) => {
    expect(announcedByPooler(announced, actual)).toBe(pooled);
  });
});

describe("resolveOptions", () => {
  it("defaults prepare to 'unless pooled', and refuses what is not a boolean", () => {
    expect(resolveOptions({}).prepare).toBe("unless-pooled");
    expect(resolveOptions({ prepare: false }).prepare).toBe(false);
    expect(() => resolveOptions({ prepare: "auto" as never })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});
