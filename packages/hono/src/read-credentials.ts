import type { RequestCredentials } from "@keyward/core";
import type { Context } from "hono";

const NO_VALUES: readonly string[] = Object.freeze([]);

/**
 * Reads every credential value of a request. Fetch `Headers` join repeated headers with ", " (and,
 * unlike Node's `req.headers`, keep every `Authorization`); core splits them again and answers 400
 * when they disagree.
 * @param c - the Hono context
 */
export function readCredentials(c: Context): RequestCredentials {
  const headers = c.req.raw.headers;
  const apiKey = headers.get("api-key");
  const authorization = headers.get("authorization");
  return {
    apiKey: apiKey === null ? NO_VALUES : [apiKey],
    authorization: authorization === null ? NO_VALUES : [authorization],
    queryKey: readQueryKey(c.req.url),
  };
}

function readQueryKey(url: string): readonly string[] {
  const start = url.indexOf("?");
  if (start === -1) return NO_VALUES;
  // URLSearchParams, exactly as the Express adapter parses it, so both see the same values (Hono's
  // own query parser decodes some malformed input differently).
  const values = new URLSearchParams(url.slice(start + 1)).getAll("api_key");
  return values.length === 0 ? NO_VALUES : values;
}
