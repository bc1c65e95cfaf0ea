/** Commands the store sends that name no key: a cluster client may send them to any node. */
const KEYLESS = new Set(["CONFIG", "PING", "PUBLISH"]);

/**
 * The key a cluster client routes a command by: the first of KEYS for `EVAL`/`EVALSHA`, none for
 * the keyless commands the store sends, otherwise the first argument (every other command the store
 * sends starts with its key). node-redis' cluster client takes it as `sendCommand`'s first argument;
 * ioredis finds it by itself.
 * @param args - the command and its arguments
 */
export function firstKeyOf(args: readonly string[]): string | undefined {
  const name = (args[0] ?? "").toUpperCase();
  if (name === "EVALSHA" || name === "EVAL") return Number(args[2]) > 0 ? args[3] : undefined;
  return KEYLESS.has(name) ? undefined : args[1];
}
