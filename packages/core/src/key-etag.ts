import { KeywardError } from "./errors";
import type { StoredKey } from "./types";

/**
 * A precondition on a key's version: the `etag` of the record it was read as, a list of such tags
 * (met when any of them is current), or `"*"` (met by any existing key).
 */
export type IfMatch = string | readonly string[];

const ENCODER = new TextEncoder();

/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 lowercase hex characters. Computed on four
 * 16-bit limbs so that it needs neither BigInt nor anything outside the language.
 * @param text - the input
 */
export function fnv1a64Hex(text: string): string {
  // Offset basis 0xcbf29ce484222325, lowest limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of ENCODER.encode(text)) {
    h0 ^= byte;
    // Multiply by the prime 0x100000001b3 = 2^40 + 435, modulo 2^64.
    const t0 = h0 * 435;
    let t1 = h1 * 435;
    let t2 = h2 * 435 + (h0 << 8);
    const t3 = h3 * 435 + (h1 << 8);
    t1 += t0 >>> 16;
    t2 += t1 >>> 16;
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, "0")).join("");
}

/**
 * The version of a stored key as a strong entity tag in quotes, e.g. `"3f2a9c0d5e6b7a81"`: a digest
 * of its secret's hash and its revocation time, so it changes exactly when a refresh or a revocation
 * lands, and never when the key is merely used. It needs no column of its own, and since a refresh
 * already compares and swaps on the hash, "the version still matches" and "the swap wins" are the
 * same test.
 *
 * The digest is not cryptographic and need not be: its input, the stored hash, is already uniformly
 * random, and 64 bits of a digest reveal no substring of it.
 * @param key - the stored key
 */
export function keyEtag(key: Pick<StoredKey, "hash" | "revokedAt">): string {
  return `"${fnv1a64Hex(`${key.hash}:${key.revokedAt === null ? "" : key.revokedAt.getTime()}`)}"`;
}

/**
 * Checks an `ifMatch` option and normalises it to `"*"` or a list of tags; `undefined` stays
 * `undefined` (no precondition).
 * @param value - the option as given
 */
export function requireIfMatch(value: unknown): IfMatch | undefined {
  if (value === undefined || value === "*") return value;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((tag) => typeof tag === "string")) return value as string[];
  throw new KeywardError(
    "INVALID_ARGUMENT",
    'ifMatch must be an etag string (as records carry it), a list of them, or "*"',
  );
}

/**
 * Whether a precondition holds for a key whose current tag is `etag`. Tags compare exactly: a weak
 * tag (`W/"…"`) never matches, as RFC 9110 requires for `If-Match`.
 * @param etag - the key's current tag
 * @param ifMatch - the precondition
 */
export function ifMatchHolds(etag: string, ifMatch: IfMatch): boolean {
  return ifMatch === "*" || (typeof ifMatch === "string" ? ifMatch === etag : ifMatch.includes(etag));
}
