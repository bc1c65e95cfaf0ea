import {
  type CredentialSources,
  credentialsFromFetchHeaders,
  credentialsFromRawHeaders,
  type RequestCredentials,
} from "@keyward/core/adapter";
import type { Context } from "hono";

/** The part of Node's `IncomingMessage` that @hono/node-server hands over as `c.env.incoming`. */
interface NodeIncoming {
  readonly rawHeaders: readonly string[];
  readonly method?: string;
  readonly url?: string;
}

/** @hono/node-server's private slots on its lightweight Request, found by their descriptions. */
let incomingSlot: symbol | undefined;
let headersSlot: symbol | undefined;

let probed = false;

function findSlots(raw: Request): void {
  for (const symbol of Object.getOwnPropertySymbols(raw)) {
    if (symbol.description === "incomingKey") incomingSlot = symbol;
    else if (symbol.description === "headersKey") headersSlot = symbol;
  }
  if (headersSlot === undefined && incomingSlot !== undefined && !probed) probeHeadersSlot(raw);
}

/**
 * Learns the headers slot once, from a throwaway object of the same lightweight Request class whose
 * headers are materialised on purpose, instead of scanning every request's symbols until some app
 * reads a header (many never do: the scan cost about a microsecond per request). If the class does
 * not behave as expected, nothing is learned and requests keep being scanned.
 */
function probeHeadersSlot(raw: Request): void {
  probed = true;
  try {
    const probe = Object.create(Object.getPrototypeOf(raw)) as Request & Record<symbol, unknown>;
    probe[incomingSlot!] = { rawHeaders: [], headers: {} };
    void probe.headers;
    for (const symbol of Object.getOwnPropertySymbols(probe)) {
      if (symbol.description === "headersKey" && probe[symbol] !== undefined) headersSlot = symbol;
    }
  } catch {
    // Not the class this was written against: keep scanning each request.
  }
}

function nodeIncoming(c: Context): NodeIncoming | undefined {
  const incoming = (c.env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  if (incoming === undefined || !Array.isArray(incoming.rawHeaders)) return undefined;
  const raw = c.req.raw as Request & Record<symbol, unknown>;
  // Found on the first request (the headers slot by a probe, see probeHeadersSlot).
  if (incomingSlot === undefined || headersSlot === undefined) findSlots(raw);
  // Only when the request being handled was built from this very Node request, and its headers
  // were never materialised (so nothing can have edited them). An app that hands another Request
  // to an inner app with the same env (`inner.fetch(rewritten, c.env)`) is judged on the request
  // it sent, not on the client's raw headers.
  if (incomingSlot === undefined || raw[incomingSlot] !== incoming) return undefined;
  if (headersSlot !== undefined && raw[headersSlot] !== undefined) return undefined;
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
 * @param sources - where keys are read
 */
export function readCredentials(c: Context, sources: CredentialSources): RequestCredentials {
  const incoming = nodeIncoming(c);
  if (incoming !== undefined) return credentialsFromRawHeaders(incoming.rawHeaders, c.req.url, sources);
  return credentialsFromFetchHeaders(c.req.raw.headers, c.req.url, sources);
}
