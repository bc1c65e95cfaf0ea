import type { KeyHasher } from "./key-hasher";

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let hex = "";
  for (const byte of bytes) hex += (byte < 16 ? "0" : "") + byte.toString(16);
  return hex;
}

/**
 * The Web Crypto hasher: works on every runtime (Node, Bun, Deno, workerd). Asynchronous, because
 * `crypto.subtle` is.
 * @param pepper - HMAC secret; plain SHA-256 without one
 */
export function createSha256Hasher(pepper?: string): KeyHasher {
  if (pepper === undefined) {
    return async (key) => toHex(await crypto.subtle.digest("SHA-256", encoder.encode(key)));
  }
  // Import the HMAC key once, not per request.
  const hmacKey = crypto.subtle.importKey(
    "raw",
    encoder.encode(pepper),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return async (key) => toHex(await crypto.subtle.sign("HMAC", await hmacKey, encoder.encode(key)));
}
