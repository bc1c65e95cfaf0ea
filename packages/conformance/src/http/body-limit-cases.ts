import { describe, expect, it } from "vitest";
import { send } from "./client";
import type { Opened } from "./harness";
import { type RawUploadResult, rawUpload } from "./raw-upload";

const TOO_LARGE = '{"error":"The request body is too large"}';
const PIECE = 16_384;

/** A JSON body of about `size` bytes, cut into pieces. */
function pieces(size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(JSON.stringify({ userId: "alice", name: "x".repeat(size) }));
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += PIECE) out.push(bytes.subarray(i, i + PIECE));
  return out;
}

const byteLength = (parts: readonly Uint8Array[]) => parts.reduce((sum, part) => sum + part.byteLength, 0);

/** The same pieces in chunked transfer coding. */
function chunked(parts: readonly Uint8Array[]): Uint8Array[] {
  const encoder = new TextEncoder();
  return [
    ...parts.map((part) => {
      const framed = new Uint8Array(part.byteLength + 16);
      const head = encoder.encode(`${part.byteLength.toString(16)}\r\n`);
      framed.set(head, 0);
      framed.set(part, head.byteLength);
      framed.set(encoder.encode("\r\n"), head.byteLength + part.byteLength);
      return framed.subarray(0, head.byteLength + part.byteLength + 2);
    }),
    encoder.encode("0\r\n\r\n"),
  ];
}

function expectCompleteTooLarge(result: RawUploadResult): void {
  expect(result.reply, result.text.slice(0, 300)).not.toBeNull();
  const reply = result.reply!;
  expect({ status: reply.status, body: reply.body, error: result.error }).toEqual({
    status: 413,
    body: TOO_LARGE,
    error: null,
  });
  expect(reply.headers.get("connection")).toBe("close");
  expect(reply.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(reply.headers.get("cache-control")).toBe("no-store");
}

/**
 * Registers the answers to management bodies over the limit, as a client on a raw socket sees them:
 * a body up to the drain cap is read to its end and then answered with a complete 413 and
 * `Connection: close` (never a reset), whether it has a `Content-Length` or is chunked; a declared
 * length over the cap is answered at once. The server keeps serving afterwards.
 * @param open - starts a world and its server for the running test
 */
export function describeBodyLimitCases(open: () => Promise<Opened>): void {
  describe("management bodies over the limit", () => {
    const head = (admin: string, framing: string) => [
      "POST /api/keyward/keys HTTP/1.1",
      `api-key: ${admin}`,
      "Content-Type: application/json",
      framing,
    ];

    it("413 after the whole slow body was read, with Content-Length, then the server goes on", async () => {
      const { url, world } = await open();
      const keysBefore = (await world.keyward.keys.list()).length;
      const body = pieces(300_000);
      const result = await rawUpload(url, {
        head: head(world.keys.admin, `Content-Length: ${byteLength(body)}`),
        body,
      });
      expectCompleteTooLarge(result);
      const next = await send(`${url}/api/keyward/keys`, { headers: { "api-key": world.keys.admin } });
      expect(next.status).toBe(200);
      expect(await world.keyward.keys.list()).toHaveLength(keysBefore);
    });

    it("413 after the whole slow body was read, chunked", async () => {
      const { url, world } = await open();
      const result = await rawUpload(url, {
        head: head(world.keys.admin, "Transfer-Encoding: chunked"),
        body: chunked(pieces(300_000)),
      });
      expectCompleteTooLarge(result);
    });

    it("413 at once for a declared length over the drain cap", async () => {
      const { url, world } = await open();
      // The client sends no body: it waits for the answer, which must come without it.
      const result = await rawUpload(url, { head: head(world.keys.admin, "Content-Length: 5000000") });
      expectCompleteTooLarge(result);
    });
  });
}
