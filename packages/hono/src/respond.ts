import type { HttpAnswer } from "@keyward/core/adapter";

/**
 * Turns one of core's ready answers into a Fetch `Response`, byte for byte: the adapter adds
 * nothing, so Hono and Express send the same status, headers and body.
 * @param answer - the answer core decided on
 */
export function toResponse(answer: HttpAnswer): Response {
  // A copy: core's headers are frozen, and @hono/node-server's Response adds Content-Length to the
  // object it is given.
  return new Response(answer.body ?? null, { status: answer.status, headers: { ...answer.headers } });
}
