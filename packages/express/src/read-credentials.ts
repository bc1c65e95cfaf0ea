import {
  credentialsFromHeaderRecord,
  credentialsFromRawHeaders,
  type RequestCredentials,
} from "@keyward/core";
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

/** Whether `req.headers` still says what the raw list says for the two credential headers. */
function agrees(req: Request, credentials: RequestCredentials): boolean {
  const headers = req.headers;
  if (headers == null) return true;
  // Node joins repeated api-key headers with ", " and keeps only the first Authorization.
  const apiKey = credentials.apiKey.length === 0 ? undefined : credentials.apiKey.join(", ");
  return headers["api-key"] === apiKey && headers.authorization === credentials.authorization[0];
}

/**
 * Reads every credential value of an Express request. `req.rawHeaders` is used rather than
 * `req.headers` because Node joins repeated `api-key` headers with ", " and silently drops all but
 * the first `Authorization` header: a second, different key must be seen to be refused. What the
 * app's middleware did to `req.headers` wins, though: when the parsed headers no longer say what
 * the raw list says (a proxy replaced the client's key), they are read instead.
 * @param req - the request
 */
export function readCredentials(req: Request): RequestCredentials {
  const url = req.originalUrl ?? req.url ?? "";
  const raw = req.rawHeaders;
  // Some serverless bridges and test doubles build requests without rawHeaders, and keep the
  // client's header case in req.headers: core reads those names case-insensitively too.
  if (!Array.isArray(raw) || raw.length === 0) return credentialsFromHeaderRecord(req.headers, url);
  const credentials = credentialsFromRawHeaders(raw, url);
  if (!headersMayBeEdited(req) || agrees(req, credentials)) return credentials;
  return credentialsFromHeaderRecord(req.headers, url);
}
