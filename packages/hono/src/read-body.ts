import { type HttpAnswer, managementBodyVerdict, PAYLOAD_TOO_LARGE_CLOSE } from "@keyward/core/adapter";
import type { Context } from "hono";

/**
 * The raw body text for core, the answer to send instead (413), or `aborted`: the client hung up,
 * nobody is left to answer, and nothing is wrong with the application.
 */
export type ReadBody =
  | { readonly rawBody: string }
  | { readonly answer: HttpAnswer }
  | { readonly aborted: true };

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const EMPTY: ReadBody = Object.freeze({ rawBody: "" });
const TOO_LARGE: ReadBody = Object.freeze({ answer: PAYLOAD_TOO_LARGE_CLOSE });
const ABORTED: ReadBody = Object.freeze({ aborted: true });

/** Error codes with which Node (and @hono/node-server's body stream) ends a request whose client left. */
const HANG_UP_CODES = new Set(["ECONNRESET", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE", "ABORT_ERR"]);

/**
 * Whether reading the body failed because the client hung up rather than because of the
 * application: the request's signal is aborted (set by @hono/node-server, Deno and Bun when the
 * connection closes), or the error is an abort or a connection reset.
 * @param request - the request
 * @param error - what reading its body threw
 */
export function isClientHangUp(request: Request, error: unknown): boolean {
  if (request.signal.aborted) return true;
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return name === "AbortError" || (typeof code === "string" && HANG_UP_CODES.has(code));
}

/**
 * Reads a management request's body as text, up to the management limit. A body over it is read on
 * to its end (up to 1 MiB) and thrown away, so the 413 goes out once the client has finished sending
 * and can read it (answered mid-upload, the closing connection would be reset and the answer could
 * be lost); a larger one gets the 413 at once. Methods without a body give `""`, as in the Express
 * adapter. A client that hangs up mid-body gives `aborted`, never an error for `app.onError`.
 * @param c - the Hono context
 */
export async function readBody(c: Context): Promise<ReadBody> {
  const raw = c.req.raw;
  if (!BODY_METHODS.has(raw.method)) return EMPTY;
  // Already read by an earlier middleware (c.req.json() and friends): Hono keeps a copy.
  if (raw.bodyUsed) return { rawBody: await c.req.text() };
  if (raw.body === null) return EMPTY;
  if (managementBodyVerdict(Number(raw.headers.get("content-length") ?? 0)) === "stop") return TOO_LARGE;
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let verdict: "keep" | "discard" | "stop" = "keep";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      verdict = managementBodyVerdict(size);
      if (verdict === "stop") {
        reader.cancel().catch(() => {});
        return TOO_LARGE;
      }
      if (verdict === "keep") chunks.push(value);
      else chunks.length = 0;
    }
  } catch (error) {
    if (isClientHangUp(raw, error)) return ABORTED;
    throw error;
  }
  if (verdict === "discard") return TOO_LARGE;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { rawBody: new TextDecoder().decode(bytes) };
}
