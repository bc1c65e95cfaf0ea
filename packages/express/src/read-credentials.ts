import {
  credentialsFromHeaderRecord,
  credentialsFromRawHeaders,
  type RequestCredentials,
} from "@keyward/core";
import type { Request } from "express";

/**
 * Reads every credential value of an Express request. `req.rawHeaders` is used rather than
 * `req.headers` because Node joins repeated `api-key` headers with ", " and silently drops all but
 * the first `Authorization` header: a second, different key must be seen to be refused.
 * @param req - the request
 */
export function readCredentials(req: Request): RequestCredentials {
  const url = req.originalUrl ?? req.url ?? "";
  const raw = req.rawHeaders;
  // Some serverless bridges and test doubles build requests without rawHeaders, and keep the
  // client's header case in req.headers: core reads those names case-insensitively too.
  if (!Array.isArray(raw) || raw.length === 0) return credentialsFromHeaderRecord(req.headers, url);
  return credentialsFromRawHeaders(raw, url);
}
