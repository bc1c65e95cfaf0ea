/**
 * One app process of two-process-postgres.bench.ts: a node:http server that authenticates the
 * `api-key` header with keyward (PostgreSQL store, verified-key cache, PostgreSQL invalidation bus),
 * driven by its parent over IPC. Not a benchmark itself (the runner only picks up `*.bench.ts`).
 *
 * Every request and every bus event gets a number from one counter, in the order this process saw
 * them: a request numbered after the delivery of its key's invalidation that was accepted anyway
 * is a stale acceptance. The parent compares the numbers; no clocks of two processes are compared
 * for that.
 *
 * Env: PG_URL, SCHEMA, DRIVER (pg | postgres-js), TTL_MS, APP_NAME (`application_name` of every
 * connection), LISTEN_URL (the listening connection's server, default PG_URL), PUBLISH_URL (the
 * server NOTIFY goes to, default: the store's pool).
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import {
  createKeyward,
  type InvalidationBus,
  type InvalidationMessage,
  type KeywardStore,
} from "@keyward/core";
import { postgresBus, postgresStore } from "@keyward/postgres/pg";
import {
  type PostgresJsBusSql,
  type PostgresJsSqlLike,
  postgresJsBus,
  postgresJsStore,
} from "@keyward/postgres/postgres-js";
import pg from "pg";

const now = () => performance.timeOrigin + performance.now();
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`postgres-app: ${name} is not set`);
  return value;
};
const send = (message: object) => process.send?.(message);

const url = env("PG_URL");
const schema = env("SCHEMA");
const applicationName = env("APP_NAME");
const listenUrl = process.env.LISTEN_URL;
const publishUrl = process.env.PUBLISH_URL;

interface PostgresJs extends PostgresJsBusSql, PostgresJsSqlLike {
  end(options?: { timeout?: number }): Promise<void>;
}

/** postgres.js, from where `@keyward/postgres` finds it (its dev dependency), as the other benches do. */
function postgresJs(at: string, max: number): PostgresJs {
  const require = createRequire(import.meta.resolve("@keyward/postgres/package.json"));
  const postgres = require("postgres") as (url: string, options: object) => PostgresJs;
  return postgres(at, { max, backoff: () => 0.1, connection: { application_name: applicationName } });
}

function connect(): { store: KeywardStore; bus: InvalidationBus; close(): Promise<void> } {
  if (env("DRIVER") === "postgres-js") {
    const sql = postgresJs(url, 8);
    const publisher = publishUrl === undefined ? sql : postgresJs(publishUrl, 1);
    const listener = listenUrl === undefined ? sql : postgresJs(listenUrl, 1);
    return {
      store: postgresJsStore(sql, { schema }),
      bus: postgresJsBus(publisher, { schema, listener }),
      close: async () => {
        await Promise.all([...new Set([sql, publisher, listener])].map((each) => each.end({ timeout: 1 })));
      },
    };
  }
  const pool = (at: string, max: number) => {
    const opened = new pg.Pool({ connectionString: at, max, application_name: applicationName });
    opened.on("error", () => {});
    return opened;
  };
  const storePool = pool(url, 8);
  const publisher = publishUrl === undefined ? storePool : pool(publishUrl, 1);
  return {
    store: postgresStore(storePool, { schema }),
    bus: postgresBus(publisher, {
      schema,
      listener: () =>
        new pg.Client({ connectionString: listenUrl ?? url, application_name: applicationName }),
    }),
    close: async () => {
      await Promise.all([...new Set([storePool, publisher])].map((each) => each.end()));
    },
  };
}

let seq = 0;
const { store, bus, close } = connect();
// Counts the store reads of authentication: a cache that is bypassed shows as one per request.
let lookups = 0;
const lookupKey = store.lookupKey!.bind(store);
store.lookupKey = (hash) => {
  lookups++;
  return lookupKey(hash);
};
const observed: InvalidationBus = {
  publish: (message) => bus.publish(message),
  subscribe: (onMessage, onStatus) =>
    bus.subscribe(
      (message: InvalidationMessage) => {
        onMessage(message); // the cache first: by the time this is numbered, it has dropped the entry
        send({ type: "delivered", message, at: now(), seq: ++seq });
      },
      (connected) => {
        onStatus(connected);
        send({ type: "status", connected, at: now(), seq: ++seq });
      },
    ),
};
const keyward = createKeyward({
  store,
  cache: { ttlMs: Number(env("TTL_MS")), maxEntries: 10_000, bus: observed },
  onCacheError: (error) => send({ type: "cache-error", message: String(error), at: now() }),
});

const server = createServer((request, response) => {
  const arrival = ++seq;
  const key = request.headers["api-key"];
  keyward.authenticate(typeof key === "string" ? key : null).then(
    (result) => {
      response.writeHead(result.ok ? 200 : 401, { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: result.ok, arrival }));
    },
    () => {
      response.writeHead(503).end(JSON.stringify({ ok: false, arrival, unavailable: true }));
    },
  );
});

type Command =
  | { id: number; cmd: "create" }
  | { id: number; cmd: "revoke" | "refresh"; keyId: string }
  | { id: number; cmd: "lookups" }
  | { id: number; cmd: "close" };

process.on("message", async (command: Command) => {
  try {
    switch (command.cmd) {
      case "create": {
        const { key, record } = await keyward.keys.create({ userId: "alice" });
        send({ id: command.id, key, keyId: record.id });
        return;
      }
      case "revoke":
        await keyward.keys.revoke(command.keyId);
        send({ id: command.id, returnedAt: now() });
        return;
      case "refresh": {
        const { key } = await keyward.keys.refresh(command.keyId);
        send({ id: command.id, key, returnedAt: now() });
        return;
      }
      case "lookups":
        send({ id: command.id, lookups });
        return;
      case "close":
        server.close();
        server.closeAllConnections();
        await keyward.close();
        await close();
        send({ id: command.id });
        process.disconnect();
        return;
    }
  } catch (error) {
    send({ id: command.id, error: String(error) });
  }
});

server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  send({ type: "ready", port: (server.address() as AddressInfo).port });
});
