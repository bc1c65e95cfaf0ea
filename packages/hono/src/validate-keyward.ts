import type { Keyward } from "@keyward/core";

/**
 * Checks, when a middleware is created, that it was given a keyward instance: passing the options
 * or the store by mistake should fail at start-up, not on the first request.
 * @param keyward - what the application passed
 * @param where - the factory's name for the error message
 */
export function validateKeyward(keyward: unknown, where: string): Keyward {
  if (typeof (keyward as Keyward | null)?.authenticateAwaitable !== "function") {
    throw new TypeError(`${where}: the first argument must be a keyward instance (createKeyward(...))`);
  }
  return keyward as Keyward;
}
