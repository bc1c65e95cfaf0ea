import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type AuthOptionsSpec, describeAuthOptionsConformance } from "@keyward/conformance";
import type { Keyward } from "@keyward/core";
import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import {
  type ApiKeyAuthOptions,
  apiKeyAuth,
  getAuth,
  KeywardHttpError,
  managementApp,
  requirePermission,
} from "../src/index";

/** A stand-in for another library that sets its own `auth` variable. */
const FOREIGN_AUTH = { kind: "user", role: "admin", userId: "mallory", can: () => true };

function authOptions(spec: AuthOptionsSpec): ApiKeyAuthOptions {
  const { cookieKey } = spec;
  return {
    ...(spec.headers === undefined ? {} : { headers: spec.headers }),
    ...(spec.throwErrors === true ? { onError: "throw" as const } : {}),
    ...(cookieKey === undefined
      ? {}
      : {
          getKey: (c) => {
            const value = getCookie(c, cookieKey.name);
            if (cookieKey.mode === "broken") return 42 as unknown as string;
            return cookieKey.mode === "async" ? Promise.resolve(value) : value;
          },
        }),
  };
}

function optionsApp(keyward: Keyward, spec: AuthOptionsSpec): Hono {
  const app = new Hono();
  // biome-ignore lint/suspicious/noExplicitAny: a foreign library types its variable as it likes
  const reply = (c: any) => c.json({ auth: getAuth(c) ?? null });
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const foreign = async (c: any, next: () => Promise<void>) => {
    c.set("auth", FOREIGN_AUTH);
    await next();
  };
  app.use("/api/*", apiKeyAuth(keyward, authOptions(spec)));
  app.get("/api/posts", requirePermission("content/posts/read"), reply);
  app.get("/api/overwritten", foreign, requirePermission("keyward/users/manage"), reply);
  app.get("/foreign/posts", foreign, requirePermission("content/posts/read"), reply);
  app.get("/early/posts", foreign, apiKeyAuth(keyward), requirePermission("content/posts/read"), (c) =>
    c.json({ auth: getAuth(c) ?? null, foreign: (c.get("auth") as { userId?: string }).userId }),
  );
  app.route(
    "/manage",
    managementApp(keyward, {
      auth: spec.managementHeaders === undefined ? {} : { headers: spec.managementHeaders },
    }),
  );
  if (spec.throwErrors === true) {
    app.onError((err, c) => {
      if (err instanceof KeywardHttpError) {
        return c.json({ handledBy: "app", code: err.code }, err.status, {
          ...Object.fromEntries(err.getResponse().headers),
          "content-type": "application/json",
        });
      }
      return c.json({ handledBy: "app", code: "internal" }, 500);
    });
  }
  return app;
}

describeAuthOptionsConformance("hono", async (keyward, spec) => {
  const server = serve({ fetch: optionsApp(keyward, spec).fetch, port: 0, hostname: "127.0.0.1" });
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
});
