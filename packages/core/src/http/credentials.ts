import {
  CONFLICTING_CREDENTIALS,
  type HttpAnswer,
  MISPLACED_CREDENTIAL,
  QUERY_KEY_DISABLED,
} from "./answers";
import type { CredentialSources } from "./credential-sources";
import { collectEncodedKeyShapes, containsKeyShape } from "./key-shape";

const BASIC = /^basic[ \t]+([A-Za-z0-9+/=_-]+)$/i;

/** Whether Basic credentials carry a key (`curl -u USR-…:` sends it that way). */
function basicHoldsKey(value: string): boolean {
  const match = BASIC.exec(value);
  if (match === null) return false;
  try {
    return containsKeyShape(atob((match[1] as string).replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return false;
  }
}

/**
 * The raw material of a credential, as an adapter can read it from any framework. Each list holds
 * every occurrence of the header or parameter, in order; a value may itself be several values joined
 * with `", "` (that is what Node's `req.headers` and Fetch's `Headers.get` do with duplicates).
 * An absent header is an empty list; a header sent empty is `[""]`.
 */
export interface RequestCredentials {
  /** Values of the `api-key` header. */
  readonly apiKey: readonly string[];
  /** Values of the `Authorization` header. */
  readonly authorization: readonly string[];
  /** Values of the `api_key` query parameter. */
  readonly queryKey: readonly string[];
  /**
   * A whole key (`USR-`/`API-` and 40 hex) was found where keyward does not read keys: another
   * header (`x-api-key`), another query parameter (`?token=`), or the path. The request is then
   * answered 400, never run as the public role. The `credentialsFrom…` readers set it.
   */
  readonly misplaced?: boolean;
  /**
   * Each whole key found where keyward does not read keys, kept only when the sources ask for it
   * (`keepMisplacedKeys`, i.e. the app has a `getKey`): the key `getKey` read is not misplaced.
   */
  readonly misplacedKeys?: readonly string[];
  /**
   * What the app's own `getKey(request)` returned: a key (checked like any other, and it must agree
   * with every other key the request carries), or `undefined` when it found none.
   */
  readonly appKey?: string;
}

/** Options of {@link extractCredential}. */
export interface ExtractOptions {
  /**
   * Accept the key in the `api_key` query parameter (Cockpit parity). Default: false, because URLs
   * end up in logs, browser history and `Referer` headers; a query key is then answered with 400.
   */
  readonly allowQueryKey?: boolean;
  /** Where keys are read, for the answer to a misplaced key. Default: `api-key` and Bearer. */
  readonly sources?: CredentialSources;
}

/**
 * What a request carries: one key (possibly empty or malformed, which still counts as a key), no key,
 * or an answer to send at once (conflicting keys, a query key while disabled).
 */
export type ExtractedCredential =
  | { readonly kind: "key"; readonly key: string }
  | { readonly kind: "none" }
  | { readonly kind: "answer"; readonly answer: HttpAnswer };

const NONE: ExtractedCredential = Object.freeze({ kind: "none" });
const CONFLICT: ExtractedCredential = Object.freeze({ kind: "answer", answer: CONFLICTING_CREDENTIALS });
const QUERY_DISABLED: ExtractedCredential = Object.freeze({ kind: "answer", answer: QUERY_KEY_DISABLED });
const MISPLACED: ExtractedCredential = Object.freeze({ kind: "answer", answer: MISPLACED_CREDENTIAL });

/** The candidate found so far, or `undefined`; returns false on a second, different candidate. */
class Candidate {
  value: string | undefined = undefined;

  offer(key: string): boolean {
    if (this.value === undefined) {
      this.value = key;
      return true;
    }
    return this.value === key;
  }
}

function trimOws(value: string): string {
  // HTTP optional whitespace is space and tab only; other characters are part of the (bad) key.
  let start = 0;
  let end = value.length;
  while (start < end && (value.charCodeAt(start) === 32 || value.charCodeAt(start) === 9)) start++;
  while (end > start && (value.charCodeAt(end - 1) === 32 || value.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function offerList(candidate: Candidate, value: string): boolean {
  // Keys never contain a comma, so a comma means several values were joined into one.
  if (value.indexOf(",") === -1) return candidate.offer(trimOws(value));
  for (const part of value.split(",")) if (!candidate.offer(trimOws(part))) return false;
  return true;
}

const BEARER = /^bearer(?:[ \t]+([\s\S]*))?$/i;
/** A key sent in `Authorization` without the Bearer scheme (`USR-…`, `Token API-…`). */
const SCHEMELESS_KEY = /^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]+)?(?:usr|api)-/i;

/** Whether an `Authorization` value holds a key under any scheme (or none), Basic credentials included. */
function holdsKey(value: string): boolean {
  for (const part of value.indexOf(",") === -1 ? [value] : value.split(",")) {
    const trimmed = trimOws(part);
    if (SCHEMELESS_KEY.test(trimmed) || containsKeyShape(trimmed) || basicHoldsKey(trimmed)) return true;
  }
  return false;
}

/** The whole keys in an `Authorization` value, as written and inside Basic credentials. */
function keysInAuthorization(value: string): string[] {
  const keys: string[] = [];
  for (const part of value.split(",")) {
    const trimmed = trimOws(part);
    collectEncodedKeyShapes(trimmed, keys);
    const basic = BASIC.exec(trimmed);
    if (basic !== null) {
      try {
        collectEncodedKeyShapes(atob((basic[1] as string).replace(/-/g, "+").replace(/_/g, "/")), keys);
      } catch {
        // Not base64 after all: nothing to collect.
      }
    }
  }
  return keys;
}

/** What one `Authorization` value holds: fine (a Bearer key offered, or none), a conflict, or a key under another scheme. */
type AuthorizationVerdict = "ok" | "conflict" | "misplaced";

function offerAuthorization(candidate: Candidate, value: string): AuthorizationVerdict {
  for (const part of value.indexOf(",") === -1 ? [value] : value.split(",")) {
    const trimmed = trimOws(part);
    const match = BEARER.exec(trimmed);
    if (match !== null) {
      if (!candidate.offer(trimOws(match[1] ?? ""))) return "conflict";
      continue;
    }
    // A key under another scheme (`Token USR-…`, `Bearer(v2) USR-…`) or none (`USR-…`): refused with
    // a 400 that says how to send it. Ignoring it would run the request as the public role; taking
    // it would make "which schemes work" a guessing game. Basic and Digest credentials never look
    // like this (no `-` in base64, and no key shape).
    if (SCHEMELESS_KEY.test(trimmed) || containsKeyShape(trimmed) || basicHoldsKey(trimmed)) {
      return "misplaced";
    }
  }
  return "ok";
}

function misplaced(options: ExtractOptions): ExtractedCredential {
  const answer = options.sources?.misplacedAnswer;
  return answer === undefined || answer === MISPLACED_CREDENTIAL ? MISPLACED : { kind: "answer", answer };
}

/** Whether every key found where keyward does not read keys is the very key the app's `getKey` read. */
function claimedByApp(misplacedKeys: readonly string[] | undefined, appKey: string | undefined): boolean {
  if (appKey === undefined || misplacedKeys === undefined || misplacedKeys.length === 0) return false;
  for (const key of misplacedKeys) if (key !== appKey) return false;
  return true;
}

/**
 * Finds the one credential of a request: what the app's `getKey` read, the key headers (`api-key` by
 * default), `Authorization: Bearer` (scheme case-insensitive), and the `api_key` query parameter when
 * enabled. The same key sent several
 * ways is fine; two different keys are a 400, never a choice. A present but empty or malformed value
 * is a key (it will fail authentication), never "no key". A key anywhere else — under another
 * `Authorization` scheme, or flagged `misplaced` by the readers — is a 400 that says where keys go.
 *
 * @param credentials - every value the request carries
 * @param options - whether the query parameter is accepted; the configured sources
 * @example
 * ```ts
 * const found = extractCredential({ apiKey: ["USR-…"], authorization: [], queryKey: [] });
 * if (found.kind === "key") await keyward.authenticate(found.key);
 * ```
 */
export function extractCredential(
  credentials: RequestCredentials,
  options: ExtractOptions = {},
): ExtractedCredential {
  const { apiKey, authorization, queryKey, appKey } = credentials;
  if (queryKey.length > 0 && options.allowQueryKey !== true) return QUERY_DISABLED;
  if (credentials.misplaced === true && !claimedByApp(credentials.misplacedKeys, appKey)) {
    return misplaced(options);
  }
  const candidate = new Candidate();
  if (appKey !== undefined) candidate.offer(appKey);
  for (const value of apiKey) if (!offerList(candidate, value)) return CONFLICT;
  const bearer = options.sources?.bearer ?? true;
  for (const value of authorization) {
    // With Bearer off (`headers` without `authorization`), a key in Authorization under any scheme,
    // Bearer and Basic included, is a key sent where keys are not read.
    const verdict = bearer ? offerAuthorization(candidate, value) : holdsKey(value) ? "misplaced" : "ok";
    if (verdict === "conflict") return CONFLICT;
    // The app's getKey may read Authorization itself (`Token <key>`, Basic): its own key is not misplaced.
    if (verdict === "misplaced" && !claimedByApp(keysInAuthorization(value), appKey))
      return misplaced(options);
  }
  // A query value is one value: URL decoding already split repeated parameters.
  for (const value of queryKey) if (!candidate.offer(value)) return CONFLICT;
  return candidate.value === undefined ? NONE : { kind: "key", key: candidate.value };
}
