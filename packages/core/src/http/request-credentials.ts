import { type CredentialSources, DEFAULT_CREDENTIAL_SOURCES } from "./credential-sources";
import type { RequestCredentials } from "./credentials";
import { collectEncodedKeyShapes, containsEncodedKeyShape, containsKeyShape } from "./key-shape";

const NO_VALUES: readonly string[] = Object.freeze([]);
/** The query parameter keyward reads a key from, when `allowQueryKey` is on. */
const QUERY_KEY = "api_key";

function isNamed(name: string, lower: string): boolean {
  // Cheap length test first: most headers are neither. The usual spellings skip the lowercase copy.
  return name.length === lower.length && (name === lower || name.toLowerCase() === lower);
}

function isKeyHeader(name: string, keyHeaders: readonly string[]): boolean {
  for (let i = 0; i < keyHeaders.length; i++) if (isNamed(name, keyHeaders[i]!)) return true;
  return false;
}

/**
 * Collects the credential values of one request, header by header, whatever the framework's header
 * shape. Header names are compared case-insensitively everywhere. A whole key found anywhere else
 * (another header, another query parameter, the path) marks the request as `misplaced`; with
 * `keepMisplacedKeys` every such key is kept too, for the app's own `getKey` to claim.
 */
class CredentialCollector {
  apiKey: string[] | undefined = undefined;
  authorization: string[] | undefined = undefined;
  misplaced = false;
  misplacedKeys: string[] | undefined = undefined;

  constructor(private readonly sources: CredentialSources) {}

  header(name: string, value: string): void {
    const sources = this.sources;
    if (isKeyHeader(name, sources.keyHeaders)) {
      this.apiKey ??= [];
      this.apiKey.push(value);
    } else if (isNamed(name, "authorization")) {
      // Collected even with Bearer off: the credential rule then refuses a key in it, any scheme.
      this.authorization ??= [];
      this.authorization.push(value);
    } else if (sources.keepMisplacedKeys) this.keep(value);
    // Inline, not through elsewhere(): this runs for every header of every request.
    else if (!this.misplaced && containsEncodedKeyShape(value)) this.misplaced = true;
  }

  /** A value where keys are not read: note a key in it (and keep it when asked). */
  private elsewhere(value: string, holdsKey: (value: string) => boolean): void {
    if (this.sources.keepMisplacedKeys) this.keep(value);
    else if (!this.misplaced && holdsKey(value)) this.misplaced = true;
  }

  private keep(value: string): void {
    this.misplacedKeys ??= [];
    const before = this.misplacedKeys.length;
    collectEncodedKeyShapes(value, this.misplacedKeys);
    if (this.misplacedKeys.length > before) this.misplaced = true;
  }

  finish(url: string): RequestCredentials {
    const start = url.indexOf("?");
    let queryKey: string[] | undefined;
    this.elsewhere(start === -1 ? url : url.slice(0, start), containsEncodedKeyShape);
    if (start !== -1) {
      // URLSearchParams in every adapter, so all of them see the same values (frameworks' own query
      // parsers decode some malformed input differently).
      for (const [name, value] of new URLSearchParams(url.slice(start + 1))) {
        if (name === QUERY_KEY) {
          queryKey ??= [];
          queryKey.push(value);
        } else {
          this.elsewhere(value, containsKeyShape);
          this.elsewhere(name, containsKeyShape);
        }
      }
    }
    const credentials: RequestCredentials = {
      apiKey: this.apiKey ?? NO_VALUES,
      authorization: this.authorization ?? NO_VALUES,
      queryKey: queryKey ?? NO_VALUES,
      misplaced: this.misplaced,
    };
    return this.misplacedKeys === undefined
      ? credentials
      : { ...credentials, misplacedKeys: this.misplacedKeys };
  }
}

/**
 * Reads a request's credentials from Node's raw header list (`IncomingMessage.rawHeaders`: names and
 * values alternating, every occurrence kept). Node's parsed `headers` join repeated `api-key`
 * headers and drop all but one `Authorization`; the raw list lets a second, different key be seen
 * and refused.
 * @param rawHeaders - `[name, value, name, value, …]`
 * @param url - the request target (path and query), or an absolute URL
 * @param sources - where keys are read (`compileCredentialSources`); default `api-key` and Bearer
 * @example
 * ```ts
 * const credentials = credentialsFromRawHeaders(req.rawHeaders, req.originalUrl);
 * ```
 */
export function credentialsFromRawHeaders(
  rawHeaders: readonly string[],
  url: string,
  sources: CredentialSources = DEFAULT_CREDENTIAL_SOURCES,
): RequestCredentials {
  const collector = new CredentialCollector(sources);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) collector.header(rawHeaders[i]!, rawHeaders[i + 1]!);
  return collector.finish(url);
}

/**
 * Reads a request's credentials from a header record such as Node's `req.headers`, in whatever case
 * its names are (serverless bridges and test doubles keep the client's case). Array values count
 * as repeated headers.
 * @param headers - header names to a value, a list of values, or `undefined`
 * @param url - the request target (path and query), or an absolute URL
 * @param sources - where keys are read (`compileCredentialSources`); default `api-key` and Bearer
 */
export function credentialsFromHeaderRecord(
  headers: Readonly<Record<string, string | readonly string[] | undefined>> | undefined,
  url: string,
  sources: CredentialSources = DEFAULT_CREDENTIAL_SOURCES,
): RequestCredentials {
  const collector = new CredentialCollector(sources);
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === "string") collector.header(name, value);
    else if (Array.isArray(value))
      for (const item of value as readonly string[]) collector.header(name, item);
  }
  return collector.finish(url);
}

/**
 * Reads a request's credentials from Fetch `Headers` (Bun, Deno, Workers, `app.request()`), which
 * join repeated headers with ", "; `extractCredential` splits them again, so a second, different
 * key is still seen and refused.
 * @param headers - the request's headers
 * @param url - the request URL
 * @param sources - where keys are read (`compileCredentialSources`); default `api-key` and Bearer
 */
export function credentialsFromFetchHeaders(
  headers: { forEach(callback: (value: string, name: string) => void): void },
  url: string,
  sources: CredentialSources = DEFAULT_CREDENTIAL_SOURCES,
): RequestCredentials {
  const collector = new CredentialCollector(sources);
  headers.forEach((value, name) => {
    collector.header(name, value);
  });
  return collector.finish(url);
}
