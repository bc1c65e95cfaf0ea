import { describe, expect, it } from "vitest";
import { adminConsole as expressConsole } from "./express";
import { createConsoleHandler } from "./fetch-handler";
import { adminConsole as honoConsole } from "./hono";
import { consoleConfig } from "./options";

describe("consoleConfig", () => {
  it.each([
    ["/api/keyward", "/api/keyward"],
    ["/api/keyward/", "/api/keyward"],
    ["/", ""],
    ["/v1/manage:admin", "/v1/manage:admin"],
  ])("takes apiBase %j as %j", (apiBase, expected) => {
    expect(consoleConfig({ apiBase }, "test")).toEqual({
      apiBase: expected,
      superRole: "admin",
      publicInherits: false,
    });
  });

  it.each([
    ["a URL of another site", "https://evil.example/api"],
    ["a protocol-relative URL", "//evil.example/api"],
    ["a relative path", "api/keyward"],
    ["a backslash", "/\\evil.example"],
    ["a quote", '/api"keyward'],
    ["a space", "/api keyward"],
    ["nothing", ""],
    ["not a string", 42],
  ])("refuses apiBase as %s, naming the option", (_case, apiBase) => {
    expect(() => consoleConfig({ apiBase } as never, "adminConsole")).toThrow(
      /^adminConsole: apiBase must be the path of the management API on this origin/,
    );
  });

  it("takes the super role and publicInherits as createKeyward does, and refuses bad ones", () => {
    expect(consoleConfig({ apiBase: "/m", superRole: "root", publicInherits: true }, "t")).toEqual({
      apiBase: "/m",
      superRole: "root",
      publicInherits: true,
    });
    expect(() => consoleConfig({ apiBase: "/m", superRole: "" }, "t")).toThrow(/superRole/);
    expect(() => consoleConfig({ apiBase: "/m", publicInherits: "yes" as never }, "t")).toThrow(
      /publicInherits/,
    );
    expect(() => consoleConfig(undefined as never, "t")).toThrow(/pass options/);
  });

  it.each([
    ["express", () => expressConsole({ apiBase: "https://x" })],
    ["hono", () => honoConsole({ apiBase: "https://x" })],
    ["fetch", () => createConsoleHandler({ apiBase: "https://x" })],
  ])("makes the %s mount function fail at mount time, not in the browser", (_name, mount) => {
    expect(mount).toThrow(TypeError);
  });

  it.each(["admin", "/admin/", "//admin"])("refuses basePath %j", (basePath) => {
    expect(() => createConsoleHandler({ apiBase: "/m", basePath })).toThrow(/basePath/);
  });
});
