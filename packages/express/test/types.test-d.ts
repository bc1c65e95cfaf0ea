import "../src/augment";
import type { Principal } from "@keyward/core";
import express from "express";
import { describe, expectTypeOf, it } from "vitest";
import { apiKeyAuth, type KeywardHttpError, requirePermission } from "../src/index";

declare const keyward: Parameters<typeof apiKeyAuth>[0];

describe("types", () => {
  it("types req.auth as an optional Principal once the augmentation is imported", () => {
    const app = express();
    app.use(apiKeyAuth(keyward));
    app.get("/", (req, res) => {
      expectTypeOf(req.auth).toEqualTypeOf<Principal | undefined>();
      // @ts-expect-error: auth may be unset (optional, or apiKeyAuth not mounted): check first
      req.auth.can("x");
      // @ts-expect-error: auth holds a Principal, not a user id
      req.auth = "alice";
      res.json({ user: req.auth?.userId });
    });
  });

  it("types the options and the requirement", () => {
    // @ts-expect-error: allowQueryKey is a boolean
    apiKeyAuth(keyward, { allowQueryKey: "yes" });
    // @ts-expect-error: unknown option
    apiKeyAuth(keyward, { optinal: true });
    apiKeyAuth(keyward, {
      onError: (err, _req, _res, next) => {
        expectTypeOf(err).toEqualTypeOf<KeywardHttpError>();
        expectTypeOf(err.status).toBeNumber();
        next(err);
      },
    });
    requirePermission({ all: ["a", "b"] });
    requirePermission((req) => `content/${req.params.model}/read`);
    // @ts-expect-error: a list must be wrapped in { all } or { any }
    requirePermission(["a", "b"]);
    // @ts-expect-error: a function must return a requirement
    requirePermission(() => 42);
  });
});
