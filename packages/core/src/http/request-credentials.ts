import type { RequestCredentials } from "./credentials";
import { containsEncodedKeyShape, containsKeyShape } from "./key-shape";

const NO_VALUES: readonly string[] = Object.freeze([]);
/** The query parameter keyward reads a key from, when `allowQueryKey` is on. */
const QUERY_KEY = "api_key";

function isNamed(name: string, lower: string): boolean {
  // Cheap length test first: most headers are neither. The usual spellings skip the lowercase copy.
  return name.length === lower.length && (name === lower || name.toLowerCase() === lower);
}

/**
 * Collects the credential values of one request, header by header, whatever the framework's header
 * shape. Header names are compared case-insensitively everywhere. A whole key found anywhere else
 * (another header, another query parameter, the path) marks the request as `misplaced`.
 */
class CredentialCollector {
  apiKey: string[] | undefined = undefined;
  authorization: string[] | undefined = undefined;
  misplaced = false;

  header(name: string, value: string): void {
    if (isNamed(name, "api-key")) {
      this.apiKey ??= [];
      this.apiKey.push(value);
    } else if (isNamed(name, "authorization")) {
      this.authorization ??= [];
      this.authorization.push(value);
    } else if (!this.misplaced && containsEncodedKeyShape(value)) this.misplaced = true;
  }

  finish(url: string): RequestCredentials {
    const start = url.indexOf("?");
    let queryKey: string[] | undefined;
    if (!this.misplaced && containsEncodedKeyShape(start === -1 ? url : url.slice(0, start))) {
      this.misplaced = true;
    }
    if (start !== -1) {
      // URLSearchParams in every adapter, so all of them see the same values (frameworks' own query
      // parsers decode some malformed input differently).
      for (const [name, value] of new URLSearchParams(url.slice(start + 1))) {
        if (name === QUERY_KEY) {
          queryKey ??= [];
          queryKey.push(value);
        } else if (!this.misplaced && (containsKeyShape(value) || containsKeyShape(name)))
          this.misplaced = true;
      }
    }
    return {
      apiKey: this.apiKey ?? NO_VALUES,
      authorization: this.authorization ?? NO_VALUES,
      queryKey: queryKey ?? NO_VALUES,
      misplaced: this.misplaced,
    };
  }
}

/**
 * Reads a request's credentials from Node's raw header list (`IncomingMessage.rawHeaders`: names and
 * values alternating, every occurrence kept). Node's parsed `headers` join repeated `api-key`
 * headers and drop all but one `Authorization`; the raw list lets a second, different key be seen
 * and refused.
 * @param rawHeaders - `[name, value, name, value, …]`
 * @param url - the request target (path and query), or an absolute URL
 * @example
 * ```ts
 * const credentials = credentialsFromRawHeaders(req.rawHeaders, req.originalUrl);
 * ```
 */
export function credentialsFromRawHeaders(rawHeaders: readonly string[], url: string): RequestCredentials {
  const collector = new CredentialCollector();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) collector.header(rawHeaders[i]!, rawHeaders[i + 1]!);
  return collector.finish(url);
}

/**
 * Reads a request's credentials from a header record such as Node's `req.headers`, in whatever case
 * its names are (serverless bridges and test doubles keep the client's case). Array values count
 * as repeated headers.
 * @param headers - header names to a value, a list of values, or `undefined`
 * @param url - the request target (path and query), or an absolute URL
 */
export function credentialsFromHeaderRecord(
  headers: Readonly<Record<string, string | readonly string[] | undefined>> | undefined,
  url: string,
): RequestCredentials {
  const collector = new CredentialCollector();
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
 */
export function credentialsFromFetchHeaders(
  headers: { forEach(callback: (value: string, name: string) => void): void },
  url: string,
): RequestCredentials {
  const collector = new CredentialCollector();
  headers.forEach((value, name) => {
    collector.header(name, value);
  });
  return collector.finish(url);
}
