/**
 * The whole client shape the store runs over: send one command, get its reply. A driver file
 * (`drivers/node-redis.ts`, `drivers/ioredis.ts`) adapts a real client to it in a few lines, so the
 * scripts, the key layout and the reply decoding live once, whatever the client.
 *
 * Replies are taken as the clients give them by default, and the store reads all of these shapes:
 * bulk strings as strings, nil as `null` (or `undefined`), integers as numbers (or numeric strings),
 * arrays as arrays, and a RESP3 map as a flat `[field, value, …]` array, a `Map` or a plain object.
 * A server error rejects with an `Error` whose message starts with its code (`NOSCRIPT …`): that is
 * how the store knows to send a script's source after a server restart.
 *
 * On Redis Cluster, the driver routes each command by its first key (for `EVALSHA`, the first of
 * KEYS): every name the store uses carries the same hash tag, so every command of one store goes to
 * the node serving that slot.
 */
export interface RedisConnection {
  /**
   * Sends one command and resolves to its reply.
   * @param args - the command name, then its arguments, all strings (e.g. `["HGET", key, field]`)
   */
  send(args: readonly string[]): Promise<unknown>;
  /**
   * Sends one command to every node of a Redis Cluster (masters and replicas), one reply or error
   * each. Absent for a client of one node. `migrate()` reads each node's persistence setting with it.
   * @param args - the command, as for `send`
   */
  sendToEveryNode?(args: readonly string[]): Promise<PromiseSettledResult<unknown>[]>;
}
