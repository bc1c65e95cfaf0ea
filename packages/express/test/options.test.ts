import { type AuthOptionsSpec, describeAuthOptionsConformance } from "@keyward/conformance";
import type { Keyward } from "@keyward/core";
import express5 from "express";
import express4 from "express4";
import {
  type ApiKeyAuthOptions,
  apiKeyAuth,
  getAuth,
  KeywardHttpError,
  managementRouter,
  requirePermission,
} from "../src/index";
import { type ExpressFlavour, listen } from "./app";

/** A stand-in for express-jwt and the like: a library that owns `req.auth`. */
const FOREIGN_AUTH = { kind: "user", role: "admin", userId: "mallory", can: () => true };

function cookie(req: express5.Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function authOptions(spec: AuthOptionsSpec): ApiKeyAuthOptions {
  const { cookieKey } = spec;
  return {
    ...(spec.headers === undefined ? {} : { headers: spec.headers }),
    ...(spec.throwErrors === true ? { onError: "throw" as const } : {}),
    ...(cookieKey === undefined
      ? {}
      : {
          getKey: (req: express5.Request) => {
            const value = cookie(req, cookieKey.name);
            if (cookieKey.mode === "broken") return 42 as unknown as string;
            return cookieKey.mode === "async" ? Promise.resolve(value) : value;
          },
        }),
  };
}

function optionsApp(flavour: ExpressFlavour, keyward: Keyward, spec: AuthOptionsSpec) {
  const app = (flavour === "express4" ? express4() : express5()) as ReturnType<typeof express5>;
  const reply = (req: express5.Request, res: express5.Response) => {
    res.json({ auth: getAuth(req) ?? null });
  };
  const foreign = (req: express5.Request, _res: express5.Response, next: express5.NextFunction) => {
    (req as { auth?: unknown }).auth = FOREIGN_AUTH;
    next();
  };
  app.use("/api", apiKeyAuth(keyward, authOptions(spec)));
  app.get("/api/posts", requirePermission("content/posts/read"), reply);
  app.get("/api/overwritten", foreign, requirePermission("keyward/users/manage"), reply);
  app.get("/foreign/posts", foreign, requirePermission("content/posts/read"), reply);
  app.get(
    "/early/posts",
    foreign,
    apiKeyAuth(keyward),
    requirePermission("content/posts/read"),
    (req, res) => {
      res.json({ auth: getAuth(req) ?? null, foreign: (req as { auth?: { userId?: string } }).auth?.userId });
    },
  );
  app.use(
    "/manage",
    managementRouter(keyward, {
      auth: spec.managementHeaders === undefined ? {} : { headers: spec.managementHeaders },
    }),
  );
  if (spec.throwErrors === true) {
    app.use((err: unknown, _req: express5.Request, res: express5.Response, _next: express5.NextFunction) => {
      if (err instanceof KeywardHttpError) {
        res.status(err.status).set(err.headers).json({ handledBy: "app", code: err.code });
      } else res.status(500).json({ handledBy: "app", code: "internal" });
    });
  }
  return app;
}

for (const flavour of ["express5", "express4"] as const) {
  describeAuthOptionsConformance(flavour === "express5" ? "express 5" : "express 4", (keyward, spec) =>
    listen(optionsApp(flavour, keyward, spec)),
  );
}
