import type { RequestCredentials } from "@keyward/core";
import type { Request } from "express";

const NO_VALUES: readonly string[] = Object.freeze([]);

/**
 * Reads every credential value of an Express request. `req.rawHeaders` is used rather than
 * `req.headers` because Node joins repeated `api-key` headers with ", " and silently drops all but
 * the first `Authorization` header: a second, different key must be seen to be refused.
 * @param req - the request
 */
export function readCredentials(req: Request): RequestCredentials {
  const raw = req.rawHeaders;
  // Some serverless bridges and test doubles build requests without rawHeaders: a key they carry
  // must still count as a key (never silently as "no key", which would mean the public role).
  if (!Array.isArray(raw) || raw.length === 0) return fromParsedHeaders(req);
  let apiKey: string[] | undefined;
  let authorization: string[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // Cheap length test first: most headers are neither.
    if (name.length === 7 && name.toLowerCase() === "api-key") {
      if (apiKey === undefined) apiKey = [];
      apiKey.push(raw[i + 1]!);
    } else if (name.length === 13 && name.toLowerCase() === "authorization") {
      if (authorization === undefined) authorization = [];
      authorization.push(raw[i + 1]!);
    }
  }
  return {
    apiKey: apiKey ?? NO_VALUES,
    authorization: authorization ?? NO_VALUES,
    queryKey: readQueryKey(req.originalUrl ?? req.url),
  };
}

function listOf(value: string | string[] | undefined): readonly string[] {
  if (value === undefined) return NO_VALUES;
  return Array.isArray(value) ? value : [value];
}

function fromParsedHeaders(req: Request): RequestCredentials {
  return {
    apiKey: listOf(req.headers?.["api-key"]),
    authorization: listOf(req.headers?.authorization),
    queryKey: readQueryKey(req.originalUrl ?? req.url),
  };
}

function readQueryKey(url: string): readonly string[] {
  const start = url.indexOf("?");
  if (start === -1) return NO_VALUES;
  // Parsed here, not from req.query: Express 4 (qs) and 5 parse differently, and the Hono adapter
  // must see the same values.
  const values = new URLSearchParams(url.slice(start + 1)).getAll("api_key");
  return values.length === 0 ? NO_VALUES : values;
}
