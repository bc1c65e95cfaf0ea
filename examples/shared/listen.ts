import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A server that holds its port and answers once {@link HeldPort.serve} gives it the app. */
export interface HeldPort {
  /** `http://host:port`, with the port the system picked when the port asked for was 0. */
  readonly url: string;
  /** Starts answering; requests that arrived before wait until now instead of being refused. */
  serve(app: RequestListener): void;
  /** Stops accepting connections; `done` runs once the open ones have finished. */
  close(done: () => void): void;
}

/**
 * Reads a port number: the fallback when unset, `null` when it is not a port.
 * @param value - e.g. `process.env.PORT`
 * @param fallback - the default port
 */
export function readPort(value: string | undefined, fallback: number): number | null {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
}

/**
 * Binds `host:port` before the app touches any data: a taken port fails here, before a database is
 * created or a first-start key is made and then lost. Rejects with Node's error (`EADDRINUSE`, …).
 * @param port - the port, 0 for any free one
 * @param host - the address to listen on
 */
export function listenFirst(port: number, host: string): Promise<HeldPort> {
  let app: RequestListener | undefined;
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const server = createServer((req, res) => {
    if (app === undefined) waiting.push([req, res]);
    else app(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
        serve(next) {
          app = next;
          for (const [req, res] of waiting.splice(0)) next(req, res);
        },
        close(done) {
          server.close(() => done());
        },
      });
    });
  });
}

/**
 * The one line to print when {@link listenFirst} fails: what is wrong and the command to run instead.
 * @param error - what `listenFirst` rejected with
 * @param port - the port asked for
 * @param host - the address asked for
 * @param command - how this server is started, e.g. `pnpm start`
 */
export function listenFailure(error: unknown, port: number, host: string, command: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "EADDRINUSE":
      return `Port ${port} on ${host} is already in use: stop the program using it, or start on another port: PORT=${port + 1} ${command}`;
    case "EACCES":
      return `Not allowed to listen on port ${port} (ports below 1024 need extra rights): start on another port: PORT=3000 ${command}`;
    case "EADDRNOTAVAIL":
      return `HOST=${host} is not an address of this machine: start with HOST=127.0.0.1 ${command}`;
    default:
      return `Cannot listen on ${host}:${port}: ${(error as Error).message}`;
  }
}
