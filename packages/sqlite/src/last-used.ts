import type { SqliteClient } from "./client";
import type { TableNames } from "./schema";
import type { Touch } from "./touch-queue";

/**
 * The statement that records a key's `lastUsedAt`; parameters: the time in ms, then the key id.
 * @param t - the table names
 */
export function lastUsedSql(t: TableNames): string {
  return `UPDATE ${t.keys} SET last_used_at = ? WHERE id = ?`;
}

/**
 * Writes `lastUsedAt` for several keys in one transaction (one commit, one sync), or for one key
 * in one statement, which also works inside a transaction the application has open. Throws what
 * the database threw, having written nothing.
 * @param client - the connection
 * @param t - the table names
 * @param touches - key ids and times
 */
export function writeLastUsed(client: SqliteClient, t: TableNames, touches: readonly Touch[]): void {
  const sql = lastUsedSql(t);
  if (touches.length === 1) {
    const [id, atMs] = touches[0]!;
    client.run(sql, [atMs, id]);
    return;
  }
  // Outside the try: when BEGIN fails there is nothing of ours to roll back (and a transaction of
  // the application's must not be).
  client.exec("BEGIN IMMEDIATE");
  try {
    for (const [id, atMs] of touches) client.run(sql, [atMs, id]);
    client.exec("COMMIT");
  } catch (error) {
    try {
      client.exec("ROLLBACK");
    } catch {
      // SQLite already rolled back (some errors end the transaction themselves): nothing to undo.
    }
    throw error;
  }
}
