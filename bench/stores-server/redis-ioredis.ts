import { createHash } from "node:crypto";
import { createKeyward } from "@keyward/core";
import { redisStore } from "@keyward/redis/ioredis";
import { Redis } from "ioredis";
import { benchKey } from "./stats";

/** Row names of the ioredis table, in the order the summary reads them: baseline, bare lookups, authenticate. */
export const IOREDIS_ROWS = {
  ping: "PING",
  bareApp: "bare lookup script (app key)",
  bareUser: "bare lookup script (user key)",
  app: "authenticate(app key, 1 script)",
  user: "authenticate(user key, 1 script)",
  lookup: "store.lookupKey(user key), no core",
} as const;

/** The ioredis half of the Redis bench: its operations, and how to close its client. */
export interface IoredisOps {
  readonly ops: Record<string, () => Promise<unknown>>;
  /** The SHA-1 the store sends with `EVALSHA` for its lookup script (the same for every client). */
  readonly lookupSha: string;
  close(): Promise<void>;
}

const hashOf = (key: string): string => createHash("sha256").update(key).digest("hex");

/**
 * authenticate() through the ioredis driver over data the node-redis half already loaded (same
 * prefix), next to ioredis' own bare round trips: `PING` and the lookup script sent as a raw
 * `EVALSHA` (what the store sends, without decoding the reply or any of core's work).
 * @param url - the server
 * @param prefix - the store prefix the keys were loaded under
 * @param half - how many keys of each kind are stored
 */
export async function ioredisOps(url: string, prefix: string, half: number): Promise<IoredisOps> {
  // The README's recommended options; the bench never runs while the server is away.
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
  await client.connect();
  // Read the script's SHA-1 off the wire, so the bare row sends exactly what the store sends.
  let sha = "";
  const probe = redisStore(
    {
      call: (command, args) => {
        if (command === "EVALSHA") sha = args[0] ?? "";
        return client.call(command, args);
      },
    },
    { prefix, warn: () => {} },
  );
  await probe.lookupKey?.(hashOf(benchKey("USR-", 1)));
  if (sha === "") throw new Error("ioredis: the store did not send EVALSHA for lookupKey");

  const store = redisStore(client, { prefix, warn: () => {} });
  const lookupKey = store.lookupKey?.bind(store);
  if (lookupKey === undefined) throw new Error("redisStore (ioredis) has no lookupKey");
  const keyward = createKeyward({ store });
  const pick = () => 1 + Math.floor(Math.random() * half);
  for (const keyPrefix of ["API-", "USR-"] as const) {
    if (!(await keyward.authenticate(benchKey(keyPrefix, pick()))).ok) {
      throw new Error("ioredis: a bulk-loaded key does not authenticate");
    }
  }
  const bareLookup = (keyPrefix: "API-" | "USR-") => () =>
    client.call(
      "EVALSHA",
      sha,
      "3",
      `${prefix}key:${hashOf(benchKey(keyPrefix, pick()))}`,
      `${prefix}users`,
      `${prefix}roles`,
    );
  return {
    lookupSha: sha,
    ops: {
      [IOREDIS_ROWS.ping]: () => client.call("PING"),
      [IOREDIS_ROWS.bareApp]: bareLookup("API-"),
      [IOREDIS_ROWS.bareUser]: bareLookup("USR-"),
      [IOREDIS_ROWS.app]: () => keyward.authenticate(benchKey("API-", pick())),
      [IOREDIS_ROWS.user]: () => keyward.authenticate(benchKey("USR-", pick())),
      [IOREDIS_ROWS.lookup]: async () => lookupKey(hashOf(benchKey("USR-", pick()))),
    },
    close: async () => {
      // QUIT can reject with "Connection is closed." when ioredis still waits on replies of its own.
      await client.quit().catch(() => client.disconnect());
    },
  };
}
