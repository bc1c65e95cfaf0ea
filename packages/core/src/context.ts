import type { ChangeFeed } from "./cache/change-feed";
import type { VerifiedKeyCache } from "./cache/verified-key-cache";
import type { EventHub } from "./events/event-hub";
import type { KeyHasher } from "./hash/key-hasher";
import type { RoleMatcherCache } from "./role-cache";
import type { KeywardStore } from "./store";
import type { StoreCall } from "./store-guard";
import type { UsageRecorder } from "./usage-recorder";

/** What every part of a keyward instance shares. Internal. */
export interface KeywardContext {
  readonly store: KeywardStore;
  /** Every store access goes through this: it maps failures and timeouts to `STORE_UNAVAILABLE`. */
  readonly call: StoreCall;
  readonly hash: KeyHasher;
  readonly now: () => Date;
  /** The same clock in epoch milliseconds: the request path compares numbers and allocates no Date. */
  readonly nowMs: () => number;
  readonly superRole: string;
  readonly publicInherits: boolean;
  readonly roleMatchers: RoleMatcherCache;
  /** `lastUsedAt`, written behind the request path. */
  readonly usage: UsageRecorder;
  /** Event delivery, off the request path. */
  readonly events: EventHub;
  /** Verified keys, when `cache` is configured; `null` otherwise (nothing to pay for). */
  readonly cache: VerifiedKeyCache | null;
  /** Every write that can change an authentication answer reports itself here. */
  readonly changes: ChangeFeed;
}
