import type { KeywardStore } from "@keyward/core";
import type { SqliteClient } from "./client";
import { writeLastUsed } from "./last-used";
import { connectionBusyTimeout, lockWaits } from "./lock-waits";
import { migrateSchema } from "./migrate";
import { busyTimeoutFor, type SqliteStoreOptions } from "./options";
import { storeQueries } from "./queries";
import { tableNames } from "./schema";
import { touchQueue } from "./touch-queue";

/** A keyward store in SQLite. Every method but `migrate()` and `close()` answers synchronously. */
export interface SqliteStore extends KeywardStore {
  /**
   * Writes the `lastUsedAt` times held back while the database was locked, waiting for the lock at
   * most `busyTimeoutMs` (what still cannot be written is dropped: `lastUsedAt` is best effort),
   * and stops the retry timer. Call it before you close the database. It never closes the
   * connection, which is yours; the store keeps working afterwards.
   */
  close(): Promise<void>;
}

/**
 * A keyward store over any synchronous {@link SqliteClient}: the queries, independent of the
 * SQLite library. Every method but `migrate()` and `close()` answers synchronously. Use a driver
 * such as `sqliteStore` (better-sqlite3), `nodeSqliteStore` or `bunSqliteStore` rather than
 * calling this directly.
 *
 * Creating it sets the connection's busy timeout (see {@link SqliteStoreOptions.busyTimeoutMs}):
 * no call waits longer than that for a lock, and `lastUsedAt` writes never wait at all.
 * @param connection - the connection
 * @param options - see {@link SqliteStoreOptions}
 */
export function createSqliteStore(connection: SqliteClient, options: SqliteStoreOptions = {}): SqliteStore {
  const t = tableNames(options.tablePrefix ?? "keyward_");
  const ownTimeoutMs = connectionBusyTimeout(connection);
  const waitMs = busyTimeoutFor(options.busyTimeoutMs, ownTimeoutMs);
  const waits = lockWaits(connection, waitMs);
  const touches = touchQueue({
    write: (batch, wait) =>
      wait
        ? writeLastUsed(connection, t, batch)
        : waits.withoutWaiting(() => writeLastUsed(connection, t, batch)),
    isBusy: (error) => connection.isBusy(error),
  });

  return {
    // Every query runs on the bounded client; only touches and migrate() use their own waits.
    ...storeQueries(waits.client, t),
    // Startup, not the request path: migrate() waits as long as the connection did before the
    // store shortened its busy timeout, so processes starting together do not fail each other.
    migrate: async () => {
      waits.waitingUpTo(Math.max(ownTimeoutMs, waitMs), () => migrateSchema(connection, t));
    },
    close: async () => {
      touches.flush();
    },
    touchKey(id, at) {
      // Never waits for a lock: held back and retried when the database is busy.
      touches.touch(id, at.getTime());
    },
  };
}
