import type { AuthResult } from "./authenticate";
import type { Keyward } from "./keyward";
import type { Awaitable } from "./store";

/**
 * Where an instance keeps what only adapters use. A registered symbol, not a module-local one: an
 * app that ends up with two copies of `@keyward/core` (its ESM and CJS builds, or two versions)
 * still has instances that every copy's adapters recognise.
 */
const ADAPTER_ACCESS = Symbol.for("@keyward/core/adapter-access@1");

/** What an instance offers adapters beyond the public {@link Keyward} API. */
export interface AdapterAccess {
  /** {@link Keyward.authenticate}, synchronous when the hasher and the store are. */
  authenticateAwaitable(key: string | null | undefined): Awaitable<AuthResult>;
}

/**
 * Attaches the adapter access to an instance, out of sight of the app (not enumerable, not on the
 * `Keyward` type).
 * @param instance - the instance `createKeyward` builds
 * @param access - its adapter access
 */
export function attachAdapterAccess<T extends object>(instance: T, access: AdapterAccess): T {
  Object.defineProperty(instance, ADAPTER_ACCESS, { value: Object.freeze(access) });
  return instance;
}

function accessOf(value: unknown): AdapterAccess | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as { [ADAPTER_ACCESS]?: AdapterAccess })[ADAPTER_ACCESS];
}

/**
 * Whether `value` is an instance made by `createKeyward` (from any copy of this package).
 * @param value - anything
 */
export function isKeyward(value: unknown): value is Keyward {
  return accessOf(value) !== undefined;
}

/**
 * Checks, when a middleware is created, that it was given a keyward instance: passing the options
 * or the store by mistake fails at start-up, not on the first request.
 * @param value - what the application passed
 * @param where - the factory's name for the error message
 * @returns the instance
 */
export function assertKeyward(value: unknown, where: string): Keyward {
  if (!isKeyward(value)) {
    throw new TypeError(`${where}: the first argument must be a keyward instance (createKeyward(...))`);
  }
  return value;
}

/**
 * Authenticates like `keyward.authenticate`, but answers synchronously when the hasher and the
 * store do (Node's hasher with the memory or SQLite store), and with a promise otherwise; failures
 * are thrown or rejected. Adapters use it to continue a request without a microtask hop.
 * @param keyward - the instance
 * @param key - the key sent, or `null`/`undefined` when none was
 * @example
 * ```ts
 * const result = authenticateAwaitable(keyward, key);
 * const settled = result instanceof Promise ? await result : result;
 * ```
 */
export function authenticateAwaitable(
  keyward: Keyward,
  key: string | null | undefined,
): Awaitable<AuthResult> {
  const access = accessOf(keyward);
  if (access === undefined) throw new TypeError("authenticateAwaitable: not a keyward instance");
  return access.authenticateAwaitable(key);
}
