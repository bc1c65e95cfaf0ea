import type { RequestHandler } from "express";
import type { Hono } from "hono";
import { describe, expectTypeOf, it } from "vitest";
import { adminConsole as expressConsole } from "./express";
import { adminConsole as honoConsole } from "./hono";
import { type ConsoleAsset, type ConsoleOptions, consoleAssets, createConsoleHandler } from "./index";

describe("@keyward/admin's public types", () => {
  it("mounts as Express middleware, as a Hono app, and as a fetch handler", () => {
    expectTypeOf(expressConsole).parameter(0).toEqualTypeOf<ConsoleOptions>();
    expectTypeOf(expressConsole).returns.toMatchTypeOf<RequestHandler>();
    expectTypeOf(honoConsole).returns.toMatchTypeOf<Hono>();
    expectTypeOf(createConsoleHandler).returns.toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it("needs apiBase and nothing else; the rest is optional", () => {
    expectTypeOf<{ apiBase: string }>().toMatchTypeOf<ConsoleOptions>();
    expectTypeOf<{ superRole: string }>().not.toMatchTypeOf<ConsoleOptions>();
  });

  it("lists every file with the headers to serve it with", () => {
    expectTypeOf(consoleAssets).returns.resolves.toEqualTypeOf<readonly ConsoleAsset[]>();
    expectTypeOf<ConsoleAsset["headers"]>().toEqualTypeOf<Readonly<Record<string, string>>>();
  });
});
