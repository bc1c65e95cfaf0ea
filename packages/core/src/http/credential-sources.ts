import { quoteInput } from "../redact";
import { type HttpAnswer, MISPLACED_CREDENTIAL, misplacedCredentialAnswer } from "./answers";

/** The header that carries `Authorization: Bearer <key>`; every other source header holds a bare key. */
export const AUTHORIZATION_HEADER = "authorization";

/** Where keys are read by default: the `api-key` header (as Cockpit) and `Authorization: Bearer`. */
export const DEFAULT_KEY_HEADERS: readonly string[] = Object.freeze(["api-key", AUTHORIZATION_HEADER]);

/**
 * Headers that cannot carry keys: `cookie` and `set-cookie`, and those of which Node keeps only the
 * first value when a request repeats them (its `IncomingMessage.headers` rules).
 */
const SINGLE_VALUE_HEADERS: ReadonlySet<string> = new Set([
  "set-cookie",
  "age",
  "content-length",
  "content-type",
  "etag",
  "expires",
  "from",
  "host",
  "if-modified-since",
  "if-unmodified-since",
  "last-modified",
  "location",
  "max-forwards",
  "proxy-authorization",
  "referer",
  "retry-after",
  "server",
  "user-agent",
]);

/** RFC 9110 `token`: the characters a header name may have. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Where an adapter reads keys from, checked and lower-cased once when a middleware is created. Every
 * reader and the credential rule take it, so a custom header gets the same conflict, near-miss and
 * never-public treatment as `api-key`.
 */
export interface CredentialSources {
  /** Lower-case names of the headers whose whole value is a key (`api-key` by default). */
  readonly keyHeaders: readonly string[];
  /** Whether `Authorization: Bearer <key>` is read. */
  readonly bearer: boolean;
  /**
   * Whether the readers keep each whole key found where keys are not read, instead of only noting
   * that there was one: an app's `getKey` may read its key from such a place, and that key is then
   * not a misplaced one.
   */
  readonly keepMisplacedKeys: boolean;
  /** The 400 answer for a key sent elsewhere, naming these sources. */
  readonly misplacedAnswer: HttpAnswer;
}

/** The default sources: `api-key` and `Authorization: Bearer`. */
export const DEFAULT_CREDENTIAL_SOURCES: CredentialSources = Object.freeze({
  keyHeaders: Object.freeze(["api-key"]),
  bearer: true,
  keepMisplacedKeys: false,
  misplacedAnswer: MISPLACED_CREDENTIAL,
});

/**
 * Checks a `headers` option and compiles it into {@link CredentialSources}.
 * @param headers - header names, any case; `authorization` stands for `Authorization: Bearer <key>`
 * @param keepMisplacedKeys - true when the app also reads keys itself (`getKey`)
 * @param where - the caller's name for error messages
 */
export function compileCredentialSources(
  headers: unknown,
  keepMisplacedKeys: boolean,
  where: string,
): CredentialSources {
  if (headers === undefined && !keepMisplacedKeys) return DEFAULT_CREDENTIAL_SOURCES;
  const names = headers === undefined ? DEFAULT_KEY_HEADERS : checkHeaderNames(headers, where);
  const keyHeaders = names.filter((name) => name !== AUTHORIZATION_HEADER);
  const bearer = names.includes(AUTHORIZATION_HEADER);
  const isDefault = keyHeaders.length === 1 && keyHeaders[0] === "api-key" && bearer;
  return Object.freeze({
    keyHeaders: Object.freeze(keyHeaders),
    bearer,
    keepMisplacedKeys,
    misplacedAnswer: isDefault ? MISPLACED_CREDENTIAL : misplacedCredentialAnswer(keyHeaders, bearer),
  });
}

function checkHeaderNames(headers: unknown, where: string): readonly string[] {
  if (!Array.isArray(headers) || headers.length === 0) {
    throw new TypeError(`${where}: headers must be a non-empty array of header names`);
  }
  const names: string[] = [];
  for (const name of headers as unknown[]) {
    if (typeof name !== "string" || !HEADER_NAME.test(name)) {
      throw new TypeError(`${where}: headers must hold header names, got ${describe(name)}`);
    }
    const lower = name.toLowerCase();
    if (names.includes(lower)) throw new TypeError(`${where}: headers names ${quoteInput(lower)} twice`);
    // A cookie header holds many name=value pairs, never a whole key: read cookies with getKey. HTTP
    // servers keep one value of some headers (Node drops repeats): a second, different key there
    // could not be seen and refused.
    if (lower === "cookie" || SINGLE_VALUE_HEADERS.has(lower)) {
      throw new TypeError(`${where}: headers cannot name ${quoteInput(lower)}: read it with getKey`);
    }
    names.push(lower);
  }
  return names;
}

function describe(value: unknown): string {
  return typeof value === "string" ? quoteInput(value) : typeof value;
}
