import { describe, expect, it } from "vitest";
import { CliError } from "./cli-error";
import { loadDriver, POSTGRES, SQLITE } from "./load-driver";

describe("loadDriver", () => {
  it.each(["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"])(
    "reports a missing package (%s) with its install command",
    async (code) => {
      const missing = () => Promise.reject(Object.assign(new Error("Cannot find package"), { code }));
      const error = await loadDriver("pg", POSTGRES, missing).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).message).toBe("pg is not installed");
      expect((error as CliError).hint).toBe("install it: npm install @keyward/postgres pg");
      expect((error as CliError).exitCode).toBe(2);
    },
  );

  it("passes other failures on, and loads what is there", async () => {
    await expect(loadDriver("x", SQLITE, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await loadDriver("x", SQLITE, async () => 42)).toBe(42);
  });
});
