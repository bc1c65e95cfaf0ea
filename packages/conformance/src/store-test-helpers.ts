import { createKeyward, type Keyward, type KeywardOptions, type KeywardStore } from "@keyward/core";

/**
 * A keyward instance over `store` with the world most store tests need: a role `editor`
 * (`content/**`) and an active user `alice` holding it.
 * @param store - the store under test (migrated)
 * @param options - other options of `createKeyward` (clock, timeout, …)
 * @example
 * ```ts
 * const keyward = await seededKeyward(store, { storeTimeoutMs: 200 });
 * const { key } = await keyward.keys.create({ userId: "alice" });
 * ```
 */
export async function seededKeyward(
  store: KeywardStore,
  options: Omit<KeywardOptions, "store"> = {},
): Promise<Keyward> {
  const keyward = createKeyward({ ...options, store });
  await keyward.roles.save({ appid: "editor", name: "Editor", permissions: ["content/**"] });
  await keyward.users.save({ id: "alice", role: "editor", active: true });
  return keyward;
}

/**
 * The rejection of `call` and how long it took by the test's own clock, for failure tests that
 * bound how long a failing store may hang. Throws when `call` resolves.
 * @param call - what should reject
 */
export async function timedRejection(
  call: () => Promise<unknown>,
): Promise<{ error: unknown; elapsed: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, elapsed: performance.now() - started };
  }
  throw new Error("expected a rejection");
}
