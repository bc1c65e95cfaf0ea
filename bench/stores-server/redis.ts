import { createHash } from "node:crypto";
import { createKeyward } from "@keyward/core";
import { redisStore } from "@keyward/redis/node-redis";
import { createClient } from "redis";
import { ioredisOps } from "./redis-ioredis";
import { pipeCommands } from "./resp-pipe";
import { benchKey, compare, type Measured } from "./stats";

/** Every bench run uses a prefix under this one, so an interrupted run's keys can be found. */
export const REDIS_BENCH_PREFIX = "keyward-bench:";

function* recordCommands(prefix: string, half: number): Generator<string[]> {
  const now = String(Date.now());
  // lastUsedAt in the future keeps the once-a-minute usage write out of the measured read path.
  const later = String(Date.now() + 86_400_000);
  for (const [keyPrefix, kind] of [
    ["API-", "app"],
    ["USR-", "user"],
  ] as const) {
    const owner = kind === "app" ? ["role", "admin"] : ["userId", "alice"];
    for (let i = 1; i <= half; i++) {
      const key = benchKey(keyPrefix, i);
      const id = `${kind}-${i}`;
      const hash = createHash("sha256").update(key).digest("hex");
      yield [
        ...["HSET", `${prefix}key:${hash}`, "id", id, "kind", kind, "hash", hash, "start", key.slice(0, 12)],
        ...[...owner, "createdAt", now, "lastUsedAt", later, "seq", String(i)],
      ];
      yield ["HSET", `${prefix}keys:by-id`, id, hash];
    }
  }
}

function* deleteCommands(prefix: string, half: number): Generator<string[]> {
  for (const keyPrefix of ["API-", "USR-"] as const) {
    for (let from = 1; from <= half; from += 1000) {
      const names: string[] = [];
      for (let i = from; i < Math.min(from + 1000, half + 1); i++) {
        names.push(`${prefix}key:${createHash("sha256").update(benchKey(keyPrefix, i)).digest("hex")}`);
      }
      yield ["UNLINK", ...names];
    }
  }
}

/** One run's rows per driver, measured interleaved in one comparison so both see the same load. */
export interface RedisTables {
  readonly nodeRedis: Record<string, Measured>;
  readonly ioredis: Record<string, Measured>;
}

/** Prefix of the ioredis rows while both drivers are measured together (row names repeat). */
const IOREDIS = "ioredis: ";

/**
 * Stores `total` keys in the store's layout (half super-role app keys, half user keys) with a
 * pipelined bulk load, then measures authenticate() against PING on the same client, through
 * node-redis and through ioredis.
 * @param url - the server
 * @param total - keys to store
 */
export async function benchRedis(url: string, total: number): Promise<RedisTables> {
  const half = total / 2;
  const client = await createClient({ url, disableOfflineQueue: true }).connect();
  const prefix = `${REDIS_BENCH_PREFIX}{${crypto.randomUUID().slice(0, 8)}}:`;
  const store = redisStore(client, { prefix, warn: () => {} });
  let closeIoredis = async () => {};
  try {
    await store.migrate();
    const keyward = createKeyward({ store });
    await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
    await keyward.users.save({ id: "alice", role: "editor", active: true });
    const started = performance.now();
    await pipeCommands(url, recordCommands(prefix, half));
    const loadMs = performance.now() - started;
    const pick = () => 1 + Math.floor(Math.random() * half);
    for (const keyPrefix of ["API-", "USR-"] as const) {
      const check = await keyward.authenticate(benchKey(keyPrefix, pick()));
      if (!check.ok) throw new Error("bulk-loaded key does not authenticate: layout differs");
    }
    const lookupKey = store.lookupKey?.bind(store);
    if (lookupKey === undefined) throw new Error("redisStore has no lookupKey");
    console.log(`  redis: loaded ${total} keys in ${(loadMs / 1000).toFixed(1)} s`);
    const io = await ioredisOps(url, prefix, half);
    const lookupSha = io.lookupSha;
    closeIoredis = io.close;
    const measured = await compare({
      PING: () => client.sendCommand(["PING"]),
      // The same command authenticate() sends, bare: what Redis and the client themselves cost.
      "bare HMGET of a record": () =>
        client.sendCommand([
          "HMGET",
          `${prefix}key:${createHash("sha256").update(benchKey("API-", pick())).digest("hex")}`,
          ...["id", "kind", "hash", "start", "userId", "role", "name", "permissions"],
          ...["expiresAt", "createdAt", "lastUsedAt", "revokedAt", "seq"],
        ]),
      // The store's one-round-trip lookup (EVALSHA: record + owner + role) for a user key, without
      // core's work (hashing, timeout, principal): what Redis, the script and decoding cost.
      "store.lookupKey(user key), no core": async () =>
        lookupKey(createHash("sha256").update(benchKey("USR-", pick())).digest("hex")),
      "authenticate(app key, 1 script)": () => keyward.authenticate(benchKey("API-", pick())),
      "authenticate(user key, 1 script)": () => keyward.authenticate(benchKey("USR-", pick())),
      // Last, outside the summary's five rows: the script lookupKey sends, raw, as the ioredis table
      // has it, so the two clients compare like for like.
      "bare lookup script (user key)": () =>
        client.sendCommand([
          "EVALSHA",
          lookupSha,
          "3",
          `${prefix}key:${createHash("sha256").update(benchKey("USR-", pick())).digest("hex")}`,
          `${prefix}users`,
          `${prefix}roles`,
        ]),
      ...Object.fromEntries(Object.entries(io.ops).map(([name, op]) => [`${IOREDIS}${name}`, op])),
    });
    const tables = { nodeRedis: {} as Record<string, Measured>, ioredis: {} as Record<string, Measured> };
    for (const [name, m] of Object.entries(measured)) {
      if (name.startsWith(IOREDIS)) tables.ioredis[name.slice(IOREDIS.length)] = m;
      else tables.nodeRedis[name] = m;
    }
    return tables;
  } finally {
    await closeIoredis();
    await pipeCommands(url, deleteCommands(prefix, half));
    await deletePrefix(client, prefix);
    await client.close();
  }
}

/**
 * Deletes every key under a prefix (the few index keys after a run, or an interrupted run's keys).
 * @param client - a connected client
 * @param prefix - the prefix
 */
export async function deletePrefix(client: ReturnType<typeof createClient>, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 10_000 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
}
