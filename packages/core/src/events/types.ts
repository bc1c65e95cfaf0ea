import type { KeyKind } from "../types";

/**
 * Why an authentication failed, as only the app sees it. HTTP answers stay byte-identical for all
 * of them (401 "Authentication failed", or 503); this detail reaches `onError` hooks and events.
 * - `malformed`: not `USR-`/`API-` and 40 lowercase hex.
 * - `unknown`: well formed, but no key has this secret (never issued, or refreshed away).
 * - `revoked`, `expired`: the key exists but no longer works.
 * - `owner_missing`, `owner_inactive`: the user key's owner was removed, or is inactive.
 * - `role_missing`: the key's role (its own, or its owner's) does not exist. Authentication still
 *   succeeds, with a principal that may do nothing (fail closed); the event tells operators why
 *   every request of that key is refused.
 * - `store_unavailable`: the store failed or was too slow (HTTP 503).
 */
export type AuthFailureDetail =
  | "malformed"
  | "unknown"
  | "revoked"
  | "expired"
  | "owner_missing"
  | "owner_inactive"
  | "role_missing"
  | "store_unavailable";

/** Who made a management change: the principal's public fields, or `null` for a direct API call. */
export interface EventActor {
  readonly kind: "user" | "app" | "public";
  readonly userId: string | null;
  readonly keyId: string | null;
  readonly role: string | null;
}

/** What every event carries: its type and when it happened. */
export interface EventBase<T extends string> {
  readonly type: T;
  /** When it happened, by the instance's clock. */
  readonly at: Date;
}

/** What every event of a change made through keyward carries: who made it. */
export interface ManagedEventBase<T extends string> extends EventBase<T> {
  /** The principal that made the change through the management API; `null` for direct calls. */
  readonly actor: EventActor | null;
}

/** What an event says about a key: never the key itself nor its hash. */
export interface KeyFacts {
  readonly keyId: string;
  readonly kind: KeyKind;
  /** The display hint, e.g. `USR-b2a6ef40`. */
  readonly start: string;
  readonly userId: string | null;
  readonly role: string | null;
}

/**
 * Everything keyward reports. Events never carry a plaintext key or a hash.
 * `key.used` is throttled: at most one per key per minute (when `lastUsedAt` is recorded).
 */
export type KeywardEvent =
  | (ManagedEventBase<"key.created"> & KeyFacts & { readonly imported: boolean })
  | (ManagedEventBase<"key.refreshed"> & KeyFacts)
  | (ManagedEventBase<"key.revoked"> & KeyFacts)
  | (EventBase<"key.used"> & KeyFacts)
  | (ManagedEventBase<"role.saved"> & { readonly appid: string; readonly permissions: readonly string[] })
  | (ManagedEventBase<"role.removed"> & { readonly appid: string })
  | (ManagedEventBase<"user.saved"> & {
      readonly userId: string;
      readonly role: string;
      readonly active: boolean;
    })
  | (ManagedEventBase<"user.removed"> & { readonly userId: string })
  | (ManagedEventBase<"settings.publicRole"> & { readonly role: string | null })
  | (EventBase<"auth.failed"> & {
      readonly reason: AuthFailureDetail;
      /** The key's id and display hint when the key was found (revoked, expired, owner problems). */
      readonly keyId: string | null;
      readonly start: string | null;
    });

/** The `type` of each {@link KeywardEvent}. */
export type KeywardEventType = KeywardEvent["type"];

/** A function that receives events. What it returns or throws never changes an answer. */
export type KeywardEventListener = (event: KeywardEvent) => void | Promise<void>;

/** Options of a mutating API call made on someone's behalf. */
export interface ActorOptions {
  /** The principal the change is made for, reported as the event's `actor`. */
  readonly actor?: EventActor | null;
}
