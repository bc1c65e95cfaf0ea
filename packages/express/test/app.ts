import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HttpAuthOptions, RunningServer } from "@keyward/conformance";
import type { Keyward } from "@keyward/core";
import express5 from "express";
import express4 from "express4";
import { apiKeyAuth, getAuth, managementRouter, requirePermission } from "../src/index";

/** Which Express the app is built with. */
export type ExpressFlavour = "express4" | "express5";

/**
 * Builds the app the HTTP conformance table expects (see `StartServer` in @keyward/conformance).
 * Express 4's types differ from 5's, but the middleware is plain `(req, res, next)` functions that
 * both accept; the `as never` casts only bridge the two type packages.
 * @param flavour - Express 4 or 5
 * @param keyward - the instance
 * @param options - apiKeyAuth options
 */
export function buildApp(flavour: ExpressFlavour, keyward: Keyward, options: HttpAuthOptions = {}) {
  const app = (flavour === "express4" ? express4() : express5()) as ReturnType<typeof express5>;
  const reply = (req: express5.Request, res: express5.Response) => {
    res.json({ auth: getAuth(req) ?? null });
  };
  app.use("/api", apiKeyAuth(keyward, options));
  app.get("/api/posts", requirePermission("content/posts/read"), reply);
  app.post("/api/posts", requirePermission("content/posts/create"), reply);
  app.get(
    "/api/items/:model",
    requirePermission((req) => `content/${req.params.model}/read`),
    reply,
  );
  app.get("/api/all", requirePermission({ all: ["content/posts/read", "content/posts/create"] }), reply);
  app.get("/api/any", requirePermission({ any: ["content/posts/create", "content/pages/read"] }), reply);
  app.get("/api/open", reply);
  app.use("/api/keyward", managementRouter(keyward));
  return app;
}

/**
 * Listens on 127.0.0.1, port 0.
 * @param app - an Express app
 */
export async function listen(app: {
  listen: (port: number, host: string) => Server;
}): Promise<RunningServer> {
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
