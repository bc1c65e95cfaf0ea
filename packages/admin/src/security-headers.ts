/**
 * The console's Content-Security-Policy: its own scripts, styles and API calls only, nothing inline,
 * no frames around it, and Trusted Types with no policy, so that no code of the page can hand a
 * string to `innerHTML` or another HTML sink: names from the API can only ever be text.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

/** `Cache-Control` of files whose name carries a hash of their content. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

/** `Cache-Control` of `index.html`, `config.json` and refusals: always asked for again. */
export const NO_STORE = "no-store";

/**
 * The headers every answer of the console carries, whatever its status.
 * @param cacheControl - its `Cache-Control`
 */
export function securityHeaders(cacheControl: string): Record<string, string> {
  return {
    "content-security-policy": CONSOLE_CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": cacheControl,
  };
}
