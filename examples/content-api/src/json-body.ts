import express, { type ErrorRequestHandler, type RequestHandler } from "express";

/** What a POST without `Content-Type: application/json` gets: it names what is missing. */
export const JSON_REQUIRED = { error: "The body must be JSON, sent with Content-Type: application/json" };

const LIMIT = "64kb";

/** body-parser's error types, answered with a message that says what to fix. */
const PARSER_ERRORS: Record<string, { status: number; error: string }> = {
  "entity.parse.failed": { status: 400, error: "The request body must be valid JSON" },
  "entity.too.large": { status: 413, error: `The request body is too large (at most ${LIMIT})` },
  "charset.unsupported": { status: 415, error: "The body must be JSON in UTF-8" },
  "encoding.unsupported": { status: 415, error: "The body must be JSON in UTF-8" },
};

function isJsonType(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

/**
 * Refuses a POST whose body is not declared as JSON with 415 and {@link JSON_REQUIRED}, instead of
 * parsing nothing and complaining about the body's shape. Used for REST and GraphQL alike, so every
 * POST of the example follows one rule.
 */
export const requireJsonType: RequestHandler = (req, res, next) => {
  if (req.method !== "POST" || isJsonType(req.headers["content-type"])) next();
  else res.status(415).json(JSON_REQUIRED);
};

/** Express's JSON parser, up to 64 kB; put {@link requireJsonType} before it. */
export const parseJson: RequestHandler = express.json({ limit: LIMIT });

/**
 * The app's last error handler: body-parser errors get their status and a message that says what to
 * fix, other client errors (e.g. a path that does not decode) their status; anything else is a bug,
 * logged here and never sent.
 */
export const answerErrors: ErrorRequestHandler = (
  error: { type?: string; status?: number },
  _req,
  res,
  _next,
) => {
  const known = typeof error.type === "string" ? PARSER_ERRORS[error.type] : undefined;
  if (known !== undefined) return void res.status(known.status).json({ error: known.error });
  if (typeof error.status === "number" && error.status >= 400 && error.status < 500)
    return void res.status(error.status).json({ error: "Bad request" });
  console.error("content-api: unexpected error", error);
  res.status(500).json({ error: "Internal error" });
};
