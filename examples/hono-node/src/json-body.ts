import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** What a POST without `Content-Type: application/json` gets: it names what is missing. */
export const JSON_REQUIRED = { error: "The body must be JSON, sent with Content-Type: application/json" };

const MAX_BYTES = 64 * 1024;

function isJsonType(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/json";
}

/**
 * Refuses a POST whose body is not declared as JSON with 415 and {@link JSON_REQUIRED}, instead of
 * parsing nothing and complaining about the body's shape.
 */
export const requireJsonType: MiddlewareHandler = async function requireJsonType(c, next) {
  if (c.req.method !== "POST" || isJsonType(c.req.header("content-type"))) return next();
  return c.json(JSON_REQUIRED, 415);
};

/** Bodies up to 64 kB; a larger one is 413. */
export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BYTES,
  onError: (c) => c.json({ error: "The request body is too large (at most 64kb)" }, 413),
});

/**
 * The request's JSON body (`undefined` when it is empty), or the 400 answer to return when it does
 * not parse.
 * @param c - the context, after {@link requireJsonType}
 */
export async function readJson(c: Context): Promise<{ value: unknown } | Response> {
  const text = await c.req.text();
  if (text === "") return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return c.json({ error: "The request body must be valid JSON" }, 400);
  }
}
