import type { EventActor, KeywardEvent, KeywardEventListener } from "./types";

/** A scheduled delivery that has not run after this long is taken as dropped by the runtime. */
const LOST_TIMER_MS = 1000;

/** Events queued before a delivery is forced; bounds memory under a flood of failed keys. */
const MAX_QUEUED = 10_000;

/**
 * Delivers events to listeners off the request path. Emitting only queues the event; delivery runs
 * on a later turn of the event loop, each listener in its own `try`, promises not awaited. So a
 * listener that throws, rejects or never returns cannot change an answer nor delay it. With no
 * listener, emitting is one boolean test: callers check {@link EventHub.active} before building an
 * event at all.
 */
export class EventHub {
  readonly #listeners = new Set<KeywardEventListener>();
  readonly #onListenerError: ((error: unknown, event: KeywardEvent) => void) | undefined;
  #queue: KeywardEvent[] = [];
  /**
   * When the pending delivery was scheduled, or `null`. A runtime may drop a timer (workerd drops a
   * finished request's timers): a schedule older than {@link LOST_TIMER_MS} is taken as lost and
   * made again, so nothing waits forever.
   */
  #scheduledAt: number | null = null;
  /** Whether anyone listens: emitters skip building events otherwise. */
  active = false;

  /** @param onListenerError - told when a listener throws or rejects; default: ignored */
  constructor(onListenerError?: (error: unknown, event: KeywardEvent) => void) {
    this.#onListenerError = onListenerError;
  }

  /**
   * Adds a listener; returns the function that removes it.
   * @param listener - called with every event
   */
  subscribe(listener: KeywardEventListener): () => void {
    this.#listeners.add(listener);
    this.active = true;
    return () => {
      this.#listeners.delete(listener);
      this.active = this.#listeners.size > 0;
    };
  }

  /**
   * Queues an event for delivery. Never throws, never calls a listener synchronously.
   * @param event - the event
   */
  emit(event: KeywardEvent): void {
    if (!this.active) return;
    this.#queue.push(event);
    if (this.#queue.length >= MAX_QUEUED) {
      this.deliver();
      return;
    }
    if (this.#scheduledAt !== null && event.at.getTime() - this.#scheduledAt < LOST_TIMER_MS) return;
    this.#scheduledAt = event.at.getTime();
    const timer = setTimeout(() => this.deliver(), 0);
    // A pending delivery must not keep a process alive that wants to exit.
    (timer as { unref?: () => void } | null)?.unref?.();
  }

  /** Delivers every queued event now. Tests and shutdown hooks call it; emitting schedules it. */
  deliver(): void {
    this.#scheduledAt = null;
    const queue = this.#queue;
    this.#queue = [];
    for (const event of queue) {
      for (const listener of this.#listeners) {
        try {
          const result = listener(event);
          if (typeof (result as Promise<void> | undefined)?.then === "function") {
            (result as Promise<void>).then(undefined, (error: unknown) => this.#report(error, event));
          }
        } catch (error) {
          this.#report(error, event);
        }
      }
    }
  }

  #report(error: unknown, event: KeywardEvent): void {
    try {
      this.#onListenerError?.(error, event);
    } catch {
      // The error hook failing is the app's problem; it must not break delivery to the others.
    }
  }
}

/**
 * The public fields of a principal-like value, for an event's `actor`.
 * @param actor - a principal, or `null`/`undefined`
 */
export function actorOf(actor: EventActor | null | undefined): EventActor | null {
  if (actor === null || actor === undefined) return null;
  return { kind: actor.kind, userId: actor.userId, keyId: actor.keyId, role: actor.role };
}
