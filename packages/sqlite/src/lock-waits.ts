import type { SqliteClient } from "./client";

/**
 * How long the store's statements wait for another connection's lock, and the client they run on.
 * Every wait happens inside a synchronous call, so it freezes the whole event loop: these bounds
 * are what keep a locked database from freezing the server.
 */
export interface LockWaits {
  /**
   * The connection, bounded: a statement waits at most the store's busy timeout for a lock, then
   * throws. After one such timeout it **fails fast** (waits not at all) until a statement
   * succeeds again, so that requests arriving while a lock is held answer at once instead of
   * queueing one busy timeout each behind one another on the event loop.
   */
  readonly client: SqliteClient;
  /** Runs `action` on the raw connection with no busy wait: a lock held elsewhere throws at once. */
  withoutWaiting<T>(action: () => T): T;
  /** Runs `action` on the raw connection, waiting up to `ms` for a lock (for `migrate()`). */
  waitingUpTo<T>(ms: number, action: () => T): T;
}

/**
 * The busy timeout the connection has now, in ms (better-sqlite3 sets 5000 unless told otherwise).
 * @param client - the connection
 */
export function connectionBusyTimeout(client: SqliteClient): number {
  const value = Number(client.get("PRAGMA busy_timeout", [])?.[0]);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/**
 * Sets the connection's busy timeout to `waitMs` and returns the {@link LockWaits} over it.
 *
 * Connection-wide, not switched around each call: SQLite runs `PRAGMA busy_timeout = n` when the
 * statement is compiled, so every switch is a compile (about 0.8 µs), and setting then restoring it
 * around each read would add a fifth to an authentication. Switches happen only where they are
 * rare: around a `lastUsedAt` write, `migrate()`, and when failing fast starts or stops.
 * @param client - the connection
 * @param waitMs - the bound, in ms
 */
export function lockWaits(client: SqliteClient, waitMs: number): LockWaits {
  const setBusyTimeout = (ms: number) => client.exec(`PRAGMA busy_timeout = ${ms}`);
  let failingFast = false;
  setBusyTimeout(waitMs);

  const succeeded = () => {
    failingFast = false;
    setBusyTimeout(waitMs);
  };
  const failed = (error: unknown) => {
    if (failingFast || !client.isBusy(error)) return;
    failingFast = true;
    setBusyTimeout(0);
  };
  const restore = () => setBusyTimeout(failingFast ? 0 : waitMs);

  // Spelled out per method rather than through a generic wrapper: this is the authentication hot
  // path, and a plain try/catch plus one boolean test costs nothing measurable.
  const bounded: SqliteClient = {
    get: (sql, params) => {
      try {
        const row = client.get(sql, params);
        if (failingFast) succeeded();
        return row;
      } catch (error) {
        failed(error);
        throw error;
      }
    },
    all: (sql, params) => {
      try {
        const rows = client.all(sql, params);
        if (failingFast) succeeded();
        return rows;
      } catch (error) {
        failed(error);
        throw error;
      }
    },
    run: (sql, params) => {
      try {
        const changes = client.run(sql, params);
        if (failingFast) succeeded();
        return changes;
      } catch (error) {
        failed(error);
        throw error;
      }
    },
    exec: (sql) => {
      try {
        client.exec(sql);
        if (failingFast) succeeded();
      } catch (error) {
        failed(error);
        throw error;
      }
    },
    isUniqueViolation: (error) => client.isUniqueViolation(error),
    isBusy: (error) => client.isBusy(error),
  };

  return {
    client: bounded,
    withoutWaiting: (action) => {
      if (failingFast) return action();
      setBusyTimeout(0);
      try {
        return action();
      } finally {
        restore();
      }
    },
    waitingUpTo: (ms, action) => {
      setBusyTimeout(ms);
      try {
        return action();
      } finally {
        restore();
      }
    },
  };
}
