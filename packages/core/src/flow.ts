import type { Awaitable } from "./store";

/** Whether a value is a promise-like that must be awaited. */
export function isThenable<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

/**
 * Runs a generator that yields store calls and hashes, continuing synchronously while they answer
 * synchronously and switching to promises only when one does not. With the memory store and the
 * Node hasher, `authenticate` thus costs no microtask per step: that is most of its budget.
 *
 * @param steps - a generator whose `yield` receives the resolved value of what it yields
 * @returns the generator's return value, or a promise of it once any step was asynchronous
 */
export function runFlow<T>(steps: Generator<unknown, T, unknown>): Awaitable<T> {
  let result = steps.next();
  while (!result.done) {
    const value = result.value;
    if (isThenable(value)) return continueAsync(steps, value);
    result = steps.next(value);
  }
  return result.value;
}

async function continueAsync<T>(
  steps: Generator<unknown, T, unknown>,
  pending: Promise<unknown>,
): Promise<T> {
  let result: IteratorResult<unknown, T>;
  try {
    result = steps.next(await pending);
  } catch (error) {
    result = steps.throw(error);
  }
  while (!result.done) {
    try {
      result = steps.next(await result.value);
    } catch (error) {
      result = steps.throw(error);
    }
  }
  return result.value;
}
