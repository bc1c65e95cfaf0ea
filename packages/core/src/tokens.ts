import type { KeyKind } from "./types";

/** The prefix of each kind of key. */
export const KEY_PREFIX = { user: "USR-", app: "API-" } as const satisfies Record<KeyKind, string>;

/** Hex characters after the prefix: 20 random bytes, 160 bits. */
const SECRET_HEX_LENGTH = 40;
const KEY_LENGTH = 4 + SECRET_HEX_LENGTH;
/** How much of the secret the display hint shows (32 of 160 bits). */
const START_HEX_LENGTH = 8;
const HEX = "0123456789abcdef";
/** 1 at the character codes of `0-9a-f`, 0 at every other ASCII code. */
const LOWER_HEX = new Uint8Array(128);
for (const char of HEX) LOWER_HEX[char.charCodeAt(0)] = 1;

/**
 * Makes a new key of the given kind from `crypto.getRandomValues`: the prefix and 40 lowercase hex
 * characters.
 * @param kind - `"user"` for `USR-…`, `"app"` for `API-…`
 */
export function generateKey(kind: KeyKind): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_HEX_LENGTH / 2));
  let secret = KEY_PREFIX[kind];
  for (const byte of bytes) secret += HEX[byte >> 4]! + HEX[byte & 15]!;
  return secret;
}

/**
 * The kind of a well-formed key, or `null` for anything else: wrong prefix, wrong length, uppercase
 * or non-hex characters, or a value that is not a string at all. Cheap, and run before any hashing
 * or store call, so garbage costs nothing.
 * @param value - whatever a client sent
 */
export function keyKindOf(value: unknown): KeyKind | null {
  // A loop over a lookup table: it runs on every request, and measured about 15% faster than the
  // equivalent regular expression on a key read from a request (a flat string). Uppercase hex is a
  // different key, never silently folded.
  if (typeof value !== "string" || value.length !== KEY_LENGTH || value.charCodeAt(3) !== 45 /* - */) {
    return null;
  }
  const first = value.charCodeAt(0);
  let kind: KeyKind;
  if (first === 85 /* U */ && value.charCodeAt(1) === 83 /* S */ && value.charCodeAt(2) === 82 /* R */) {
    kind = "user";
  } else if (
    first === 65 /* A */ &&
    value.charCodeAt(1) === 80 /* P */ &&
    value.charCodeAt(2) === 73 /* I */
  ) {
    kind = "app";
  } else {
    return null;
  }
  for (let i = 4; i < KEY_LENGTH; i++) {
    const code = value.charCodeAt(i);
    if (code > 127 || LOWER_HEX[code] === 0) return null;
  }
  return kind;
}

/**
 * The display hint stored with a key, e.g. `USR-b2a6ef40`. Leaves 128 bits of the secret unknown.
 * @param key - a well-formed key
 */
export function keyStart(key: string): string {
  return key.slice(0, 4 + START_HEX_LENGTH);
}
