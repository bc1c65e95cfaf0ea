// Pins how `c.get("auth")` is typed in each way of using the middleware (see README, "Typing").
import type { Principal } from "@keyward/core";
import { Hono, type MiddlewareHandler } from "hono";
import { describe, expectTypeOf, it } from "vitest";
import {
  apiKeyAuth,
  type KeywardEnv,
  type KeywardHttpError,
  managementApp,
  type OptionalKeywardEnv,
  requirePermission,
} from "../src/index";

declare const keyward: Parameters<typeof apiKeyAuth>[0];

describe('c.get("auth")', () => {
  it("is a Principal inline, after apiKeyAuth or requirePermission in the route", () => {
    new Hono().get("/a", apiKeyAuth(keyward), (c) => {
      expectTypeOf(c.get("auth")).toEqualTypeOf<Principal>();
      return c.text("ok");
    });
    new Hono().get("/b", requirePermission("content/posts/read"), (c) => {
      expectTypeOf(c.get("auth")).toEqualTypeOf<Principal>();
      expectTypeOf(c.var.auth).toEqualTypeOf<Principal>();
      return c.text("ok");
    });
  });

  it("is a Principal on a chained app", () => {
    new Hono().use(apiKeyAuth(keyward)).get("/", (c) => {
      expectTypeOf(c.get("auth")).toEqualTypeOf<Principal>();
      return c.text("ok");
    });
  });

  it("is a Principal on an app declared with KeywardEnv", () => {
    const app = new Hono<KeywardEnv>();
    app.use("*", apiKeyAuth(keyward));
    app.get("/", (c) => {
      expectTypeOf(c.get("auth")).toEqualTypeOf<Principal>();
      return c.text("ok");
    });
  });

  it("may be undefined with { optional: true }", () => {
    expectTypeOf(apiKeyAuth(keyward, { optional: true })).toEqualTypeOf<
      MiddlewareHandler<OptionalKeywardEnv>
    >();
    expectTypeOf(apiKeyAuth(keyward)).toEqualTypeOf<MiddlewareHandler<KeywardEnv>>();
    new Hono().get("/", apiKeyAuth(keyward, { optional: true }), (c) => {
      expectTypeOf(c.get("auth")).toEqualTypeOf<Principal | undefined>();
      return c.text("ok");
    });
    const flag: boolean = Math.random() > 0.5;
    new Hono().get("/", apiKeyAuth(keyward, { optional: flag }), (c) => {
      expectTypeOf(c.get("auth")).toEqualTypeOf<Principal | undefined>();
      return c.text("ok");
    });
  });

  it("is not typed on an app that never declared it", () => {
    new Hono().get("/", (c) => {
      // @ts-expect-error: "auth" is no variable of a plain Hono app
      c.get("auth");
      return c.text("ok");
    });
  });
});

describe("requirePermission", () => {
  it("takes a name, { all }, { any } or a function of the context with typed params", () => {
    requirePermission("content/posts/read");
    requirePermission({ all: ["a", "b"] });
    requirePermission({ any: ["a"] });
    new Hono().get(
      "/items/:model",
      requirePermission((c) => {
        expectTypeOf(c.get("auth")).toEqualTypeOf<Principal>();
        return `content/${c.req.param("model")}/read`;
      }),
      (c) => c.text("ok"),
    );
  });

  it("refuses anything else", () => {
    // @ts-expect-error: not a requirement
    requirePermission(42);
    // @ts-expect-error: `all` takes a list
    requirePermission({ all: "content/posts/read" });
    // @ts-expect-error: `some` is not a requirement key
    requirePermission({ some: ["a"] });
    // @ts-expect-error: a function must return a requirement
    requirePermission(() => 42);
  });
});

describe("options", () => {
  it("types onError with the refusal and the context", () => {
    apiKeyAuth(keyward, {
      onError: (err, c) => {
        expectTypeOf(err).toEqualTypeOf<KeywardHttpError>();
        expectTypeOf(err.status).toEqualTypeOf<KeywardHttpError["status"]>();
        return c.json({ error: err.code }, 401);
      },
    });
    // @ts-expect-error: optional is a boolean
    apiKeyAuth(keyward, { optional: "yes" });
    // @ts-expect-error: unknown option
    apiKeyAuth(keyward, { allowQueryKeys: true });
  });

  it("managementApp is a Hono app to route()", () => {
    const app = new Hono();
    app.route("/api/keyward", managementApp(keyward));
    expectTypeOf(managementApp(keyward)).toEqualTypeOf<Hono<KeywardEnv>>();
  });
});
