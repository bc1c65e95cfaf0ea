import { createKeyward } from "@keyward/core";
import { redisStore } from "@keyward/redis";
import { createClient } from "redis";
import { type HeldPort, listenFailure, listenFirst, readPort } from "../../shared/listen";
import { createApp } from "./app";
import { parseCorsOrigins } from "./cors";
import { seedOnce } from "./seed";

const START = "pnpm --filter @keyward/example-express-redis start";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const host = process.env.HOST ?? "127.0.0.1";
const instance = process.env.INSTANCE ?? `pid-${process.pid}`;
// KEYWARD_REDIS_PREFIX keeps this app's keys apart (tests use one prefix per run). Default: keyward:.
const prefix = process.env.KEYWARD_REDIS_PREFIX ?? "keyward:";
const port = readPort(process.env.PORT, 3000);
if (port === null) {
  console.error(
    `[${instance}] PORT must be a number from 0 to 65535, not "${process.env.PORT}": e.g. PORT=3001 ${START}`,
  );
  process.exit(1);
}

// The port first: on a taken port nothing is written to Redis, so no first-start key is made and lost.
let held: HeldPort;
try {
  held = await listenFirst(port, host);
} catch (error) {
  console.error(`[${instance}] ${listenFailure(error, port, host, START)}`);
  process.exit(1);
}

// No offline queue: while Redis is away, commands fail at once and requests get 503, instead of
// waiting for the store timeout.
const redisLabel = redisUrl.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
// No reconnect loop at start-up (a wrong URL fails at once); once running, reconnect with backoff.
let started = false;
const client = createClient({
  url: redisUrl,
  disableOfflineQueue: true,
  socket: { reconnectStrategy: (retries) => (started ? Math.min(retries * 100, 2000) : false) },
});
client.on("error", (error: Error) => console.error(`[${instance}] redis:`, error.message));
const store = redisStore(client, { prefix });
const keyward = createKeyward({ store });
let adminKey: string | null;
try {
  await client.connect();
  await store.migrate();
  adminKey = await seedOnce(keyward, client, `${prefix}example:seeded`);
  started = true;
} catch (error) {
  // A wrong URL or a stopped server is the usual first-run problem: say so without a stack trace.
  console.error(`[${instance}] Could not reach Redis at ${redisLabel}: ${(error as Error).message}`);
  process.exit(1);
}

console.log(`[${instance}] keyward express-redis example listening on ${held.url}`);
if (adminKey === null) {
  console.log(`[${instance}] Redis already holds the example's data: no key is printed.`);
} else {
  console.log(`
[${instance}] First start on this Redis prefix: created roles admin, reader and public, and the user
"admin". Its key, shown only now:

  export KEY=${adminKey}

`);
}
// Requests that came in while Redis was prepared are answered from here on.
held.serve(createApp(keyward, instance, { corsOrigins: parseCorsOrigins(process.env.CORS_ORIGINS) }));

function shutdown(): void {
  held.close(() => {
    void client.close().then(() => process.exit(0));
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
