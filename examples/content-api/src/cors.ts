import cors from "cors";
import type { RequestHandler } from "express";

/**
 * Reads `CORS_ORIGINS`: unset, empty or `*` allows any origin; otherwise a comma-separated list of
 * origins such as `https://www.example.com,http://localhost:5173`.
 * @param value - the variable's value
 */
export function parseCorsOrigins(value: string | undefined): "*" | string[] {
  const origins = (value ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  return origins.length === 0 || origins.includes("*") ? "*" : origins;
}

/**
 * CORS for a browser front-end, mounted before `apiKeyAuth`: a preflight carries no key, so it must
 * be answered (204) before authentication would refuse it, and refusals (401, 403) must carry
 * `Access-Control-Allow-Origin` so the page can read them. Any origin by default: keys travel in a
 * header, never in a cookie, so a page on another origin can only send a key it was given.
 * @param origins - `"*"` or the allowed origins (see {@link parseCorsOrigins})
 * @example
 * ```ts
 * app.use(apiCors(parseCorsOrigins(process.env.CORS_ORIGINS)));
 * app.use("/api", apiKeyAuth(keyward));
 * ```
 */
export function apiCors(origins: "*" | string[]): RequestHandler {
  return cors({
    origin: origins,
    methods: ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH"],
    // keyward reads keys from api-key and Authorization; JSON bodies need Content-Type.
    allowedHeaders: ["api-key", "authorization", "content-type"],
    // Not readable cross-origin otherwise: why a 401 happened, and when to retry a 503.
    exposedHeaders: ["WWW-Authenticate", "Retry-After"],
    // Browsers may reuse a preflight for 10 minutes instead of sending one before every call.
    maxAge: 600,
  });
}
