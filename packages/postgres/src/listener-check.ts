import { KeywardError } from "@keyward/core";

/**
 * How long a listening connection behind a pooler has to receive a test notification before the
 * bus refuses it. Through a pooler that keeps the session (PgBouncer in session mode) it arrives
 * within milliseconds, as any notification does; through one that hands the server connection to
 * other clients after each transaction (transaction mode) it never does, whatever the wait.
 */
export const PROBE_TIMEOUT_MS = 5000;

/** Marks a probe's payload: not an invalidation message, so every instance on the channel ignores it. */
const PROBE_TYPE = "keyward-listen-probe";

/** Sends test notifications to the bus's own listening connection and notices when they arrive. */
export interface ListenerProbe {
  /** Hands over every payload that arrives on the channel (probes are ignored as messages anyway). */
  receive(payload: string | undefined): void;
  /**
   * Publishes a probe with `publish` and resolves `true` once it arrives, `false` after
   * {@link PROBE_TIMEOUT_MS}. Rejects when publishing fails.
   */
  roundTrip(publish: (payload: string) => Promise<void>): Promise<boolean>;
}

/** A {@link ListenerProbe} for one subscription. */
export function listenerProbe(): ListenerProbe {
  const waiting = new Map<string, () => void>();
  return {
    receive(payload) {
      if (payload !== undefined) waiting.get(payload)?.();
    },
    async roundTrip(publish) {
      const payload = JSON.stringify({ type: PROBE_TYPE, id: crypto.randomUUID() });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arrived = new Promise<boolean>((resolve) => {
        waiting.set(payload, () => resolve(true));
        timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
      });
      try {
        await publish(payload);
        return await arrived;
      } finally {
        clearTimeout(timer);
        waiting.delete(payload);
      }
    },
  };
}

/** What {@link confirmListening} needs to know about the listening connection and the bus. */
export interface ListenerCheck {
  /**
   * Whether the listening connection is known to be direct, its announced backend being the
   * server's: `true` skips the probe; `false` or `undefined` (not known) sends it.
   */
  readonly direct: boolean | undefined;
  readonly probe: ListenerProbe;
  /** Publishes a payload on the channel, as the bus publishes. */
  readonly publish: (payload: string) => Promise<void>;
  /** The factory's name, for the error message. */
  readonly caller: string;
  /** How to pass a direct connection to this bus, for the error message. */
  readonly advice: string;
}

const refusals = new WeakSet<object>();

/**
 * Resolves when notifications reach the listening connection, which has run `LISTEN`; rejects
 * with `INVALID_ARGUMENT` when they cannot. A direct connection passes at once. Behind a pooler
 * (announced backend not the server's, see `announcedByPooler`), `LISTEN` works only if the pooler
 * keeps the session's server connection for this client: a probe published on the channel must
 * arrive within {@link PROBE_TIMEOUT_MS}.
 * @param check - what is known of the connection, the probe and how to publish
 */
export async function confirmListening(check: ListenerCheck): Promise<void> {
  if (check.direct === true) return;
  if (await check.probe.roundTrip(check.publish)) return;
  const refusal = new KeywardError(
    "INVALID_ARGUMENT",
    `${check.caller}: the listening connection goes through a connection pooler that does not keep ` +
      `its session (PgBouncer in transaction mode, say): a test notification did not reach it within ` +
      `${PROBE_TIMEOUT_MS} ms. LISTEN needs a direct connection to the server (or a session-mode pool): ` +
      `${check.advice}`,
  );
  refusals.add(refusal);
  throw refusal;
}

/**
 * Whether an error is {@link confirmListening}'s refusal: listening again would be refused again.
 * @param error - what listening failed with
 */
export const isListenerRefusal = (error: unknown): boolean =>
  typeof error === "object" && error !== null && refusals.has(error);
