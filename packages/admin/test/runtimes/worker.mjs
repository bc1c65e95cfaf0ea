// The console as a Cloudflare Worker: bundled by workers.test.ts with esbuild for workerd and run in
// miniflare. Nothing but the fetch handler; no disk, no Node APIs.
import { createConsoleHandler } from "@keyward/admin";

const handler = createConsoleHandler({ apiBase: "/api/keyward", basePath: "/admin" });

export default {
  fetch: (request) => handler(request),
};
