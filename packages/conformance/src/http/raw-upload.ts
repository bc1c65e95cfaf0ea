import { connect, type Socket } from "node:net";
import { type Reply, rawRequestOf, reportExchange } from "./client";

/** A request sent over a raw socket, body included, and what came back. */
export interface RawUpload {
  /** Request line and header lines, without Host and the final empty line. */
  readonly head: readonly string[];
  /** Body pieces, written one at a time: each waits for the previous write to be flushed and for a turn of the event loop. */
  readonly body?: readonly Uint8Array[];
}

/** The answer as read to the end of the connection, and whether the connection was reset. */
export interface RawUploadResult {
  readonly reply: Reply | null;
  /** The raw text received, for messages. */
  readonly text: string;
  /** The socket error, e.g. `ECONNRESET`, or `null` when the server closed cleanly. */
  readonly error: string | null;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function write(socket: Socket, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    socket.write(data, () => resolve());
  });
}

/**
 * Sends a request whose body trickles in (piece by piece, yielding between pieces, never on a
 * timer) and reads the answer to the end of the connection, as a client that uploads a large body
 * to a slow link would. Resolves once the server has closed the connection.
 * @param baseUrl - `http://127.0.0.1:port`
 * @param request - the head and body pieces
 */
export function rawUpload(baseUrl: string, request: RawUpload): Promise<RawUploadResult> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let error: string | null = null;
    let writing = true;
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (caught: NodeJS.ErrnoException) => {
      error = caught.code ?? caught.message;
    });
    socket.on("close", () => {
      writing = false;
      const text = Buffer.concat(chunks).toString("latin1");
      const reply = parseContentLengthReply(text);
      // The body is not recorded: these are uploads too large to be answered with anything but 413.
      if (reply !== null) {
        reportExchange({ ...rawRequestOf(baseUrl, request.head), requestBody: undefined, reply });
      }
      resolve({ reply, text, error });
    });
    socket.on("connect", async () => {
      await write(socket, `${[...request.head, `Host: ${hostname}:${port}`].join("\r\n")}\r\n\r\n`);
      for (const piece of request.body ?? []) {
        if (!writing) return;
        await write(socket, piece);
        await turn();
      }
    });
  });
}

/**
 * Parses a complete HTTP/1.1 answer whose body has a `Content-Length`; `null` when the text is cut
 * short (no end of headers, or fewer body bytes than announced).
 * @param text - what the socket received, as latin1
 */
export function parseContentLengthReply(text: string): Reply | null {
  const split = text.indexOf("\r\n\r\n");
  if (split < 0) return null;
  const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const length = Number(headers.get("content-length") ?? Number.NaN);
  const body = text.slice(split + 4);
  if (!(body.length >= length)) return null;
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: Buffer.from(body.slice(0, length), "latin1").toString("utf8"),
  };
}
