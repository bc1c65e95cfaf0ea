import {
  type CredentialSources,
  credentialsFromHeaderRecord,
  credentialsFromRawHeaders,
  type RequestCredentials,
} from "@keyward/core/adapter";
import type { Request } from "express";

/** Node's private slot for the parsed `req.headers`, found by its description on a real request. */
let headersSlot: symbol | undefined;

function parsedHeadersSlot(req: Request): symbol | undefined {
  headersSlot ??= Object.getOwnPropertySymbols(req).find((symbol) => symbol.description === "kHeaders");
  return headersSlot;
}

/**
 * Whether `req.headers` may differ from the raw header list: it was built (Node builds it lazily,
 * on first read) and so may have been edited by a middleware — a gateway that deletes the client's
 * `api-key` and sets its own `authorization`, say. Then the raw list is checked against it.
 */
function headersMayBeEdited(req: Request): boolean {
  const slot = parsedHeadersSlot(req);
  // Not a Node request (a bridge, a test double): compare with whatever `headers` it has.
  return slot === undefined || (req as unknown as Record<symbol, unknown>)[slot] != null;
}

/** Whether `req.headers` still says what the raw list says for the headers keys are read from. */
function agrees(req: Request, raw: readonly string[], sources: CredentialSources): boolean {
  const headers = req.headers;
  if (headers == null) return true;
  // Node joins repeated headers (those a key may be read from) with ", ".
  for (const name of sources.keyHeaders) if (headers[name] !== rawValue(raw, name, true)) return false;
  // Node keeps only the first Authorization (read whether or not Bearer is: a key in it is refused).
  return headers.authorization === rawValue(raw, "authorization", false);
}

/**
 * A header's value as Node's `req.headers` would hold it: every occurrence joined with ", ", or the
 * first one only. Built without an intermediate list: this runs on every request Express handles.
 */
function rawValue(raw: readonly string[], lower: string, joined: boolean): string | undefined {
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== lower.length || (name !== lower && name.toLowerCase() !== lower)) continue;
    if (value === undefined) value = raw[i + 1]!;
    else if (joined) value = `${value}, ${raw[i + 1]!}`;
    else return value;
  }
  return value;
}

/**
 * Reads every credential value of an Express request. `req.rawHeaders` is used rather than
 * `req.headers` because Node joins repeated `api-key` headers with ", " and silently drops all but
 * the first `Authorization` header: a second, different key must be seen to be refused. What the
 * app's middleware did to `req.headers` wins, though: when the parsed headers no longer say what
 * the raw list says (a proxy replaced the client's key), they are read instead.
 * @param req - the request
 * @param sources - where keys are read
 */
export function readCredentials(req: Request, sources: CredentialSources): RequestCredentials {
  const url = req.originalUrl ?? req.url ?? "";
  const raw = req.rawHeaders;
  // Some serverless bridges and test doubles build requests without rawHeaders, and keep the
  // client's header case in req.headers: core reads those names case-insensitively too.
  if (!Array.isArray(raw) || raw.length === 0) return credentialsFromHeaderRecord(req.headers, url, sources);
  if (headersMayBeEdited(req) && !agrees(req, raw, sources)) {
    return credentialsFromHeaderRecord(req.headers, url, sources);
  }
  return credentialsFromRawHeaders(raw, url, sources);
}
