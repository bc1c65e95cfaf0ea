import { type HttpAnswer, MANAGEMENT_BODY_LIMIT, PAYLOAD_TOO_LARGE } from "@keyward/core";
import type { Context } from "hono";

/** The raw body text for core, or the answer to send instead (413). */
export type ReadBody = { readonly rawBody: string } | { readonly answer: HttpAnswer };

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const EMPTY: ReadBody = Object.freeze({ rawBody: "" });
const TOO_LARGE: ReadBody = Object.freeze({ answer: PAYLOAD_TOO_LARGE });

/**
 * Reads a management request's body as text, stopping at {@link MANAGEMENT_BODY_LIMIT} bytes (413)
 * rather than buffering whatever a client sends. Methods without a body give `""`, as in the Express
 * adapter.
 * @param c - the Hono context
 */
export async function readBody(c: Context): Promise<ReadBody> {
  const raw = c.req.raw;
  if (!BODY_METHODS.has(raw.method)) return EMPTY;
  // Already read by an earlier middleware (c.req.json() and friends): Hono keeps a copy.
  if (raw.bodyUsed) return { rawBody: await c.req.text() };
  if (raw.body === null) return EMPTY;
  if (Number(raw.headers.get("content-length") ?? 0) > MANAGEMENT_BODY_LIMIT) return TOO_LARGE;
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MANAGEMENT_BODY_LIMIT) {
      await reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { rawBody: new TextDecoder().decode(bytes) };
}
