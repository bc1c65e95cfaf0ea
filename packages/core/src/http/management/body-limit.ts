import { type HttpAnswer, MANAGEMENT_BODY_LIMIT, PAYLOAD_TOO_LARGE } from "../answers";

/**
 * How many bytes of a management request body an adapter reads at most, counting what it discards
 * once the body is over {@link MANAGEMENT_BODY_LIMIT}: 1 MiB.
 *
 * Answering 413 while the client is still sending, and then closing, makes the server's TCP stack
 * reset the connection, and a reset can destroy the answer before the client reads it. So a body a
 * little over the limit is read to its end and thrown away, and the 413 goes out after it; only
 * beyond this cap does the adapter answer at once and let the connection drop.
 */
export const MANAGEMENT_DRAIN_LIMIT = 1_048_576;

/**
 * What an adapter does with a management body that has reached `bytes` bytes (or declares them in
 * `Content-Length`): `"keep"` it (within the limit), `"discard"` what comes (over the limit: read on
 * to the end, then answer {@link PAYLOAD_TOO_LARGE_CLOSE}), or `"stop"` reading and answer
 * {@link PAYLOAD_TOO_LARGE_CLOSE} now (over {@link MANAGEMENT_DRAIN_LIMIT}).
 * @param bytes - the body's size so far, or its declared length
 * @example
 * ```ts
 * managementBodyVerdict(2_000);     // "keep"
 * managementBodyVerdict(200_000);   // "discard"
 * managementBodyVerdict(5_000_000); // "stop"
 * ```
 */
export function managementBodyVerdict(bytes: number): "keep" | "discard" | "stop" {
  if (!(bytes > MANAGEMENT_BODY_LIMIT)) return "keep";
  return bytes > MANAGEMENT_DRAIN_LIMIT ? "stop" : "discard";
}

/**
 * 413 for a management body over {@link MANAGEMENT_BODY_LIMIT}, with `Connection: close`: whatever
 * of the body is left must not be read as the next request, and both adapters send these same
 * bytes, however the body arrived.
 */
export const PAYLOAD_TOO_LARGE_CLOSE: HttpAnswer = Object.freeze({
  ...PAYLOAD_TOO_LARGE,
  headers: Object.freeze({ ...PAYLOAD_TOO_LARGE.headers, connection: "close" }),
});
