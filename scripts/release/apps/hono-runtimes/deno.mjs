// Deno: the Hono app on Deno.serve, over real HTTP, with the npm packages from node_modules.
import { createKeyward, memoryStore } from "@keyward/core";
import { httpRequester, runChecks, seed } from "./checks.mjs";
import { createApp } from "./hono-app.mjs";

const keyward = createKeyward({ store: memoryStore() });
const keys = await seed(keyward);
const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, createApp(keyward).fetch);
const label = `hono on Deno ${Deno.version.deno}`;
const failed = await runChecks(label, httpRequester(`http://127.0.0.1:${server.addr.port}`), keys);
await server.shutdown();
await keyward.close();
Deno.exit(failed === 0 ? 0 : 1);
