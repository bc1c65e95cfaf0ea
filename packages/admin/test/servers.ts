import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import express from "express";
import { Hono } from "hono";
import { createConsoleHandler } from "../src";
import { adminConsole as expressConsole } from "../src/express";
import { adminConsole as honoConsole } from "../src/hono";
import type { ConsoleOptions } from "../src/options";

/** A server listening on 127.0.0.1 for a test. */
export interface TestServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `listener` on a free port. */
export async function listen(listener: RequestListener): Promise<TestServer> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
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

/** The console mounted at /admin by each mount function, as an app would. */
export const MOUNTS: Record<"express" | "hono" | "fetch", (options: ConsoleOptions) => RequestListener> = {
  express: (options) => {
    const app = express();
    app.use("/admin", expressConsole(options));
    app.use((_req, res) => {
      res.status(404).json({ error: "app" });
    });
    return app;
  },
  hono: (options) => {
    const app = new Hono();
    app.route("/admin", honoConsole(options));
    app.notFound((c) => c.json({ error: "app" }, 404));
    return getRequestListener(app.fetch);
  },
  fetch: (options) => getRequestListener(createConsoleHandler({ ...options, basePath: "/admin" })),
};
