// Bun: the Hono app on Bun.serve, over real HTTP.
import { createKeyward, memoryStore } from "@keyward/core";
import { httpRequester, runChecks, seed } from "./checks.mjs";
import { createApp } from "./hono-app.mjs";

const keyward = createKeyward({ store: memoryStore() });
const keys = await seed(keyward);
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: createApp(keyward).fetch });
const failed = await runChecks(
  `hono on Bun ${Bun.version}`,
  httpRequester(`http://127.0.0.1:${server.port}`),
  keys,
);
server.stop(true);
await keyward.close();
process.exit(failed === 0 ? 0 : 1);
