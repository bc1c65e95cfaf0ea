/**
 * The one method the store needs from a Redis client: send a raw command, get the raw reply.
 * node-redis 5 and 6 clients (`createClient()`) have it; raw commands keep the store independent of
 * the helper signatures that change between majors.
 */
export interface RedisCommandClient {
  sendCommand(args: readonly string[]): Promise<unknown>;
}
