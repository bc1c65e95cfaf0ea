import { type InvalidationMessage, KeywardError } from "@keyward/core";
import { parseInvalidation } from "@keyward/core/adapter";
import { tableNames } from "./names";

/** Options of the invalidation bus of every driver (`postgresBus`, `postgresJsBus`). */
export interface PostgresBusOptions {
  /** The store's `schema`: the channel is named after it. Default: `"public"`, as for the store. */
  readonly schema?: string;
  /** The store's `tablePrefix`: the channel is named after it. Default: `"keyward_"`, as for the store. */
  readonly tablePrefix?: string;
  /**
   * The channel's whole name, instead of `<schema>.<tablePrefix>invalidate`: 1 to 63 letters,
   * digits, `_`, `.`, `:` or `-`. Every instance on one store must use the same.
   */
  readonly channel?: string;
  /**
   * Told of every error of the listening connection and every `LISTEN` that failed; the bus
   * reports itself down meanwhile, so the cache reads the store. Default: ignored.
   */
  readonly onError?: (error: unknown) => void;
}

/** PostgreSQL's longest channel name (NAMEDATALEN - 1 bytes); `pg_notify` refuses longer ones. */
const MAX_CHANNEL = 63;
const CHANNEL = /^[A-Za-z0-9_.:-]+$/;
/** `pg_notify` refuses a payload of 8000 bytes or more. */
const MAX_PAYLOAD = 7999;

/**
 * The channel the instances of one store share, validated: named like a table of the store
 * (`public.keyward_invalidate`), so stores in other schemas or under other prefixes never hear it.
 * @param options - the bus options
 * @param caller - the factory's name, for error messages
 */
export function busChannel(options: PostgresBusOptions, caller: string): string {
  const fail = (message: string): never => {
    throw new KeywardError("INVALID_ARGUMENT", `${caller}: ${message}`);
  };
  if (options.onError !== undefined && typeof options.onError !== "function")
    fail("onError must be a function");
  if (options.channel !== undefined) {
    const { channel } = options;
    if (typeof channel !== "string" || !CHANNEL.test(channel) || channel.length > MAX_CHANNEL) {
      fail(`channel must be 1 to ${MAX_CHANNEL} letters, digits, "_", ".", ":" or "-"`);
    }
    return channel;
  }
  const schema = options.schema ?? "public";
  const tablePrefix = options.tablePrefix ?? "keyward_";
  tableNames(schema, tablePrefix); // validates both as the store does
  const channel = `${schema}.${tablePrefix}invalidate`;
  if (channel.length > MAX_CHANNEL) fail(`"${channel}" is longer than ${MAX_CHANNEL} bytes: pass channel`);
  return channel;
}

/**
 * The channel as a quoted identifier, for `LISTEN` and `UNLISTEN` (which take no parameters). Its
 * alphabet has no `"`, so quoting is all it needs; quoted, its case is kept, as `pg_notify` keeps it.
 * @param channel - a channel {@link busChannel} accepted
 */
export const quoteChannel = (channel: string): string => `"${channel}"`;

/**
 * The payload of a message: the JSON of the known fields only (ids, never more). A payload
 * `pg_notify` would refuse (ids of thousands of bytes) becomes "drop everything" rather than a
 * failed publish.
 * @param message - what changed
 * @param caller - the factory's name, for error messages
 */
export function encodeInvalidation(message: InvalidationMessage, caller: string): string {
  const known = parseInvalidation(JSON.stringify(message ?? null));
  if (known === null)
    throw new KeywardError("INVALID_ARGUMENT", `${caller}: publish: not an invalidation message`);
  const text = JSON.stringify(known);
  return Buffer.byteLength(text) > MAX_PAYLOAD ? JSON.stringify({ type: "all" }) : text;
}

/** What a driver's listening loop tells the cache, with the bookkeeping both drivers share. */
export interface BusReporter {
  /** Whether `unsubscribe` was called; nothing is reported after it. */
  readonly stopped: boolean;
  /** Parses a payload and hands a valid message on; anything else on the channel is ignored. */
  deliver(payload: string | undefined): void;
  /** Reports the status, once per change. */
  report(connected: boolean): void;
  /** Hands an error to `onError`; a throwing hook cannot stop the bus. */
  tell(error: unknown): void;
  /** Stops reporting anything. */
  stop(): void;
}

/**
 * A {@link BusReporter} for one subscription.
 * @param onMessage - the cache's message handler
 * @param onStatus - the cache's status handler
 * @param onError - the user's hook, if any
 */
export function busReporter(
  onMessage: (message: InvalidationMessage) => void,
  onStatus: (connected: boolean) => void,
  onError: ((error: unknown) => void) | undefined,
): BusReporter {
  let stopped = false;
  let reported: boolean | undefined;
  return {
    get stopped() {
      return stopped;
    },
    deliver(payload) {
      if (stopped || payload === undefined) return;
      const message = parseInvalidation(payload);
      if (message !== null) onMessage(message);
    },
    report(connected) {
      if (stopped || reported === connected) return;
      reported = connected;
      onStatus(connected);
    },
    tell(error) {
      if (stopped) return;
      try {
        onError?.(error);
      } catch {
        // A failing hook must not stop the bus from following its connection.
      }
    },
    stop() {
      stopped = true;
    },
  };
}
