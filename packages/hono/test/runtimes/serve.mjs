// Serves the matrix app on 127.0.0.1 with an OS-chosen port, using the runtime's own HTTP server,
// and prints `LISTENING <runtime> <port>` once it accepts connections.
import { createRuntimeApp } from "./app.mjs";

const app = createRuntimeApp();
const announce = (runtime, port) => console.log(`LISTENING ${runtime} ${port}`);

if (globalThis.Bun !== undefined) {
  const server = globalThis.Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
  announce("bun", server.port);
} else if (globalThis.Deno !== undefined) {
  globalThis.Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => announce("deno", port) },
    app.fetch,
  );
} else {
  const { serve } = await import("@hono/node-server");
  serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => announce("node", info.port));
}
