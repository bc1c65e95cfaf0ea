import {
  type HttpAnswer,
  INVALID_JSON,
  managementBodyVerdict,
  PAYLOAD_TOO_LARGE_CLOSE,
} from "@keyward/core/adapter";
import type { Request } from "express";

/**
 * A management request's body for core, the answer to send instead (400, 413), or `aborted`: the
 * client hung up, nobody is left to answer, and nothing is wrong with the application.
 */
export type ReadBody =
  | { readonly rawBody: string }
  | { readonly body: unknown }
  | { readonly answer: HttpAnswer }
  | { readonly aborted: true };

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);
const ABORTED: ReadBody = Object.freeze({ aborted: true });
const TOO_LARGE: ReadBody = Object.freeze({ answer: PAYLOAD_TOO_LARGE_CLOSE });

/** Error codes with which Node ends a request whose client went away mid-body. */
const HANG_UP_CODES = new Set(["ECONNRESET", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"]);

/**
 * Whether an error of a request (or of a body parser reading it) means that its client hung up,
 * closing or resetting the connection before the body ended, rather than anything the application
 * did.
 * @param error - the error
 */
export function isClientHangUp(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" && HANG_UP_CODES.has(code);
}

/**
 * Reads a management request's body as text, up to the management limit. A body over it is read on
 * to its end (up to 1 MiB) and thrown away, so the 413 goes out once the client has finished sending
 * and can read it; a larger one gets the 413 at once and the connection closes. A client that hangs
 * up mid-body gives `aborted`, never an error: it is not the application's failure, and a stack
 * trace per dropped connection would let any client flood the logs.
 * @param req - the request
 */
export function readBody(req: Request): Promise<ReadBody> {
  // An app-wide body parser already read the stream (body-parser 1 marks `_body`; 2 leaves the stream
  // ended): use what it parsed.
  if ((req as { _body?: unknown })._body === true || req.readableEnded) {
    // Only a JSON body counts, as in the Hono adapter: a form body that an app-wide urlencoded
    // parser turned into an object must not pass for `{"role": …}`.
    if (BODY_METHODS.has(req.method) && req.is("application/json") === false) {
      return Promise.resolve({ answer: INVALID_JSON });
    }
    return Promise.resolve({ body: req.body as unknown });
  }
  if (!BODY_METHODS.has(req.method)) return Promise.resolve({ rawBody: "" });
  // Gone while an earlier middleware (authentication) was still at work.
  if (req.destroyed && !req.readableEnded) {
    const error: unknown = req.errored;
    return error === null || isClientHangUp(error) ? Promise.resolve(ABORTED) : Promise.reject(error);
  }
  if (managementBodyVerdict(Number(req.headers["content-length"])) === "stop") {
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve, reject) => {
    let chunks: Uint8Array[] = [];
    let size = 0;
    let verdict: "keep" | "discard" | "stop" = "keep";
    let settled = false;
    const settle = (outcome: ReadBody | Error): void => {
      if (settled) return;
      settled = true;
      // The error listener stays: a request errored later without one would crash the process.
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onData = (chunk: Uint8Array): void => {
      size += chunk.byteLength;
      verdict = managementBodyVerdict(size);
      if (verdict === "keep") chunks.push(chunk);
      else if (verdict === "discard") chunks = [];
      else {
        // Over the cap: stop reading; the 413 goes out now and the connection closes after it.
        req.pause();
        settle(TOO_LARGE);
      }
    };
    const onEnd = (): void => {
      settle(verdict === "keep" ? { rawBody: Buffer.concat(chunks).toString("utf8") } : TOO_LARGE);
    };
    const onError = (error: Error): void => {
      settle(isClientHangUp(error) ? ABORTED : error);
    };
    // Closed before its end without an error event: the client went away too.
    const onClose = (): void => settle(ABORTED);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
