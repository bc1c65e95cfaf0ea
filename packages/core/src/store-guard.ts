import { isKeywardError, KeywardError } from "./errors";
import { isThenable } from "./flow";
import type { Awaitable } from "./store";

/**
 * Calls a store method so that any failure becomes `KeywardError("STORE_UNAVAILABLE")`, and a
 * promise that does not settle within `timeoutMs` fails the same way. A `KeywardError` the store
 * throws on purpose (`CONFLICT` on a duplicate) passes through unchanged.
 *
 * Synchronous answers are returned as they are: no timer, no promise.
 */
export type StoreCall = <T>(operation: string, call: () => Awaitable<T>) => Awaitable<T>;

/**
 * Builds the {@link StoreCall} used for every store access.
 * @param timeoutMs - how long an asynchronous store call may take
 */
export function createStoreCall(timeoutMs: number): StoreCall {
  return function callStore<T>(operation: string, call: () => Awaitable<T>): Awaitable<T> {
    let value: Awaitable<T>;
    try {
      value = call();
    } catch (error) {
      throw storeFailure(operation, error);
    }
    return isThenable(value) ? withTimeout(operation, value, timeoutMs) : value;
  };
}

function storeFailure(operation: string, error: unknown): KeywardError {
  if (isKeywardError(error)) return error;
  return new KeywardError("STORE_UNAVAILABLE", `The store failed during ${operation}`, { cause: error });
}

function withTimeout<T>(operation: string, pending: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new KeywardError("STORE_UNAVAILABLE", `The store did not answer ${operation} within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    // A pending timer must not keep a Node process alive after the app wants to exit.
    (timer as { unref?: () => void } | null)?.unref?.();
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(storeFailure(operation, error));
      },
    );
  });
}
