import type { RequestCredentials } from "@keyward/core";
import type { Context } from "hono";

const NO_VALUES: readonly string[] = Object.freeze([]);

/** The part of Node's `IncomingMessage` that @hono/node-server hands over as `c.env.incoming`. */
interface NodeIncoming {
  readonly rawHeaders: readonly string[];
  readonly method?: string;
  readonly url?: string;
}

function nodeIncoming(c: Context): NodeIncoming | undefined {
  const incoming = (c.env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  if (incoming === undefined || !Array.isArray(incoming.rawHeaders)) return undefined;
  // Only when it is this request's own: an app that hands another Request to an inner app with the
  // same env (`inner.fetch(rewritten, c.env)`) must be judged on the request it sent.
  if (
    incoming.method !== c.req.method ||
    typeof incoming.url !== "string" ||
    !c.req.url.endsWith(incoming.url)
  ) {
    return undefined;
  }
  return incoming as NodeIncoming;
}

function fromRawHeaders(raw: readonly string[]): {
  apiKey: string[] | undefined;
  authorization: string[] | undefined;
} {
  let apiKey: string[] | undefined;
  let authorization: string[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // Cheap length test first: most headers are neither. The exact spellings clients send skip the
    // lowercase copy.
    if (name.length === 7 && (name === "api-key" || name.toLowerCase() === "api-key")) {
      if (apiKey === undefined) apiKey = [];
      apiKey.push(raw[i + 1]!);
    } else if (
      name.length === 13 &&
      (name === "authorization" || name === "Authorization" || name.toLowerCase() === "authorization")
    ) {
      if (authorization === undefined) authorization = [];
      authorization.push(raw[i + 1]!);
    }
  }
  return { apiKey, authorization };
}

/**
 * Reads every credential value of a request.
 *
 * On @hono/node-server the raw header list of Node's request (`c.env.incoming.rawHeaders`) is read
 * directly, as the Express adapter does: touching `c.req.raw.headers` there builds a whole Fetch
 * `Headers` object per request, which costs more than authenticating the key. Elsewhere (Bun, Deno,
 * workerd, `app.request()`) Fetch `Headers` join repeated headers with ", "; core splits them again.
 * Either way a second, different key is seen and refused.
 * @param c - the Hono context
 */
export function readCredentials(c: Context): RequestCredentials {
  const queryKey = readQueryKey(c.req.url);
  const incoming = nodeIncoming(c);
  if (incoming !== undefined) {
    const { apiKey, authorization } = fromRawHeaders(incoming.rawHeaders);
    return { apiKey: apiKey ?? NO_VALUES, authorization: authorization ?? NO_VALUES, queryKey };
  }
  const headers = c.req.raw.headers;
  const apiKey = headers.get("api-key");
  const authorization = headers.get("authorization");
  return {
    apiKey: apiKey === null ? NO_VALUES : [apiKey],
    authorization: authorization === null ? NO_VALUES : [authorization],
    queryKey,
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
