import type { Awaitable } from "@keyward/core";

/**
 * Whether a value is a promise that must be awaited (an asynchronous driver's answer) rather than
 * the answer itself (a synchronous driver's).
 * @param value - what a client call returned
 */
export function isThenable<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

/**
 * Applies `next` to a client's answer: at once when the client answered synchronously (no
 * promise, no microtask), after it settles otherwise. This one test is what lets the same queries
 * serve better-sqlite3 in the same tick and D1 through promises. (Not named `then`: a module that
 * exports `then` is itself a thenable, and `await import()` of it would call it.)
 * @param value - what a client call returned
 * @param next - what to make of it
 */
export function andThen<T, U>(value: Awaitable<T>, next: (value: T) => U): Awaitable<U> {
  return isThenable(value) ? value.then(next) : next(value);
}
