import { createKeyward } from "@keyward/core";
import { redisStore } from "@keyward/redis";
import { createClient } from "redis";
import { createApp } from "./app";
import { seedOnce } from "./seed";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const instance = process.env.INSTANCE ?? `pid-${process.pid}`;
// KEYWARD_REDIS_PREFIX keeps this app's keys apart (tests use one prefix per run). Default: keyward:.
const prefix = process.env.KEYWARD_REDIS_PREFIX ?? "keyward:";

// No offline queue: while Redis is away, commands fail at once and requests get 503, instead of
// waiting for the store timeout.
const client = createClient({ url: redisUrl, disableOfflineQueue: true });
client.on("error", (error: Error) => console.error(`[${instance}] redis:`, error.message));
await client.connect();
const store = redisStore(client, { prefix });
await store.migrate();
const keyward = createKeyward({ store });
const adminKey = await seedOnce(keyward, client, `${prefix}example:seeded`);

const server = createApp(keyward, instance).listen(port, host, () => {
  const address = server.address();
  const url = `http://${host}:${typeof address === "object" && address !== null ? address.port : port}`;
  console.log(`[${instance}] keyward express-redis example listening on ${url}`);
  if (adminKey === null) {
    console.log(`[${instance}] Redis already holds the example's data: no key is printed.`);
    return;
  }
  console.log(`
[${instance}] First start on this Redis prefix: created roles admin, reader and public, and the user
"admin". Its key, shown only now:

  export KEY=${adminKey}

`);
});

function shutdown(): void {
  server.close(() => {
    void client.close().then(() => process.exit(0));
  });
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
