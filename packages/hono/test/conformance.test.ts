import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { describeHttpConformance } from "@keyward/conformance";
import { createTestApp } from "./conformance-app";

// The shared HTTP table (docs/http.md), over real HTTP: Hono on @hono/node-server, 127.0.0.1, port 0.
describeHttpConformance("hono on @hono/node-server", async (keyward, options) => {
  const app = createTestApp(keyward, options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
});
