// A Cloudflare Worker: bundled by esbuild for workerd (no Node built-ins), then run by miniflare.
// workerd allows no random values or I/O at module scope, so the roles and keys are made by the
// first request to /__seed, which hands the keys to the test.
import { createKeyward, memoryStore } from "@keyward/core";
import { seed } from "./checks.mjs";
import { createApp } from "./hono-app.mjs";

const keyward = createKeyward({ store: memoryStore() });
const app = createApp(keyward);
let keys;

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__seed") {
      keys ??= await seed(keyward);
      return Response.json(keys);
    }
    return app.fetch(request, env, ctx);
  },
};
