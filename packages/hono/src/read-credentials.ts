import {
  credentialsFromFetchHeaders,
  credentialsFromRawHeaders,
  type RequestCredentials,
} from "@keyward/core";
import type { Context } from "hono";

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
  const incoming = nodeIncoming(c);
  if (incoming !== undefined) return credentialsFromRawHeaders(incoming.rawHeaders, c.req.url);
  return credentialsFromFetchHeaders(c.req.raw.headers, c.req.url);
}
