import type { KeywardStore } from "@keyward/core";
import type { AsyncSqliteClient } from "./client";
import { lastUsedSql } from "./last-used";
import { migrateSchemaAsync } from "./migrate";
import { storeQueries } from "./queries";
import { tableNames } from "./schema";

/** Options of a store on an asynchronous SQLite client such as D1. */
export interface AsyncSqliteStoreOptions {
  /**
   * Prefix of every table and index the store creates, so keyward can share a database with an
   * application. Letters, digits and `_`. Default: `keyward_`.
   */
  readonly tablePrefix?: string;
}

/**
 * A keyward store over an {@link AsyncSqliteClient}: the same queries as the synchronous stores
 * (one statement per call, refresh a single conditional `UPDATE`), answered through promises.
 * Use a driver such as `d1Store` rather than calling this directly.
 *
 * No busy timeout and no held-back `lastUsedAt`: such a client never blocks the event loop (a
 * slow answer is bounded by core's `storeTimeoutMs` like any network store), and core already
 * writes `lastUsedAt` behind the request.
 * @param client - the connection
 * @param options - see {@link AsyncSqliteStoreOptions}
 */
export function createAsyncSqliteStore(
  client: AsyncSqliteClient,
  options: AsyncSqliteStoreOptions = {},
): KeywardStore {
  const t = tableNames(options.tablePrefix ?? "keyward_");
  const touch = lastUsedSql(t);
  return {
    ...storeQueries(client, t),
    migrate: async () => {
      await migrateSchemaAsync(client, t);
    },
    touchKey: async (id, at) => {
      await client.run(touch, [at.getTime(), id]);
    },
  };
}
