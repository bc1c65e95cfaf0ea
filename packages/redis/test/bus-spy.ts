import type { InvalidationBus, InvalidationMessage } from "@keyward/core";

/** How long a test waits for a bus event before failing: generous, a loaded machine is slow. */
const DEADLINE_MS = 15_000;

/** A bus whose messages and status reports are recorded as the cache receives them. */
export interface BusSpy {
  /** Give this to `createKeyward({ cache: { bus } })`. */
  readonly bus: InvalidationBus;
  /** Every message delivered, in order. */
  readonly messages: readonly InvalidationMessage[];
  /** Every status reported, in order. */
  readonly statuses: readonly boolean[];
  /**
   * Resolves once a message matching `match` was delivered at index `since` or later, after the
   * cache acted on it.
   */
  received(match: (message: InvalidationMessage) => boolean, since?: number): Promise<void>;
  /** Resolves once the status last reported is `connected`. */
  connected(connected: boolean): Promise<void>;
  /** Resolves once `check` holds, checked after every event; fails after a generous deadline. */
  until(check: () => boolean, what: string): Promise<void>;
}

/**
 * Wraps `bus`: messages and statuses reach the subscriber first, then the spy records them.
 * @param bus - the bus under test
 */
export function spyOn(bus: InvalidationBus): BusSpy {
  const messages: InvalidationMessage[] = [];
  const statuses: boolean[] = [];
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const check of [...waiters]) check();
  };
  const until = (check: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(attempt);
        const seen = `messages ${JSON.stringify(messages)}, statuses ${JSON.stringify(statuses)}`;
        reject(new Error(`bus spy: no ${what} within ${DEADLINE_MS} ms (${seen})`));
      }, DEADLINE_MS);
      const attempt = () => {
        if (!check()) return;
        waiters.delete(attempt);
        clearTimeout(timer);
        resolve();
      };
      waiters.add(attempt);
      attempt();
    });
  return {
    bus: {
      publish: (message) => bus.publish(message),
      subscribe: (onMessage, onStatus) =>
        bus.subscribe(
          (message) => {
            onMessage(message);
            messages.push(message);
            changed();
          },
          (connected) => {
            onStatus(connected);
            statuses.push(connected);
            changed();
          },
        ),
    },
    messages,
    statuses,
    received: (match, since = 0) => until(() => messages.slice(since).some(match), "matching message"),
    connected: (connected) => until(() => statuses.at(-1) === connected, `status ${connected}`),
    until,
  };
}
