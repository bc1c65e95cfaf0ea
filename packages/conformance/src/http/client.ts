import { connect } from "node:net";

/** What the suite compares: status, the headers that matter, and the body bytes. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** One request the suite sent and the reply it got, as {@link observeExchanges} reports it. */
export interface Exchange {
  readonly method: string;
  /** The full URL, query included. */
  readonly url: string;
  /** The request body as text; `undefined` when there was none or it was not recorded. */
  readonly requestBody: string | undefined;
  readonly reply: Reply;
}

const observers = new Set<(exchange: Exchange) => void>();

/**
 * Calls `observer` with every exchange that {@link send}, {@link sendRaw} and `rawUpload` complete
 * until the returned function is called, so that a check can look at every answer of a test
 * without each test handing them over.
 * @param observer - receives each exchange
 */
export function observeExchanges(observer: (exchange: Exchange) => void): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

/**
 * Reports an exchange to the current observers.
 * @param exchange - the request and its reply
 */
export function reportExchange(exchange: Exchange): void {
  for (const observer of observers) observer(exchange);
}

/**
 * Sends one request with Node's global `fetch`.
 * @param url - the full URL
 * @param init - method, headers, body
 */
export async function send(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, { ...init, redirect: "manual" });
  const reply = { status: response.status, headers: response.headers, body: await response.text() };
  reportExchange({
    method: (init.method ?? "GET").toUpperCase(),
    url,
    requestBody: typeof init.body === "string" ? init.body : undefined,
    reply,
  });
  return reply;
}

/**
 * The method and URL of a request written as raw lines, for {@link reportExchange}.
 * @param baseUrl - `http://127.0.0.1:port`
 * @param head - the request line and header lines
 */
export function rawRequestOf(baseUrl: string, head: readonly string[]): Pick<Exchange, "method" | "url"> {
  const [method = "", target = "/"] = (head[0] ?? "").split(" ");
  return { method: method.toUpperCase(), url: `${baseUrl}${target}` };
}

/**
 * Sends a request over a raw socket, so that headers can repeat exactly as written (fetch would join
 * them). Answers are parsed just enough for the suite: status, headers, and a body sent with
 * `Content-Length` or chunked encoding.
 * @param baseUrl - `http://127.0.0.1:port`
 * @param head - the request line and header lines, without the final empty line
 */
export function sendRaw(baseUrl: string, head: readonly string[]): Promise<Reply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      let reply: Reply;
      try {
        reply = parseResponse(Buffer.concat(chunks).toString("latin1"));
      } catch (error) {
        reject(error);
        return;
      }
      reportExchange({ ...rawRequestOf(baseUrl, head), requestBody: undefined, reply });
      resolve(reply);
    });
    socket.write(
      `${[...head, `Host: ${hostname}:${port}`, "Connection: close"].join("\r\n")}\r\n\r\n`,
      "latin1",
    );
  });
}

function parseResponse(text: string): Reply {
  const split = text.indexOf("\r\n\r\n");
  if (split < 0) throw new Error("conformance: incomplete HTTP response");
  const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let body = text.slice(split + 4);
  if (headers.get("transfer-encoding")?.includes("chunked")) body = dechunk(body);
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: Buffer.from(body, "latin1").toString("utf8"),
  };
}

function dechunk(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
