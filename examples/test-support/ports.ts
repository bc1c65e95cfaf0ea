import { createServer, type Server } from "node:net";

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    });
  });
}

/**
 * A port on 127.0.0.1 that was free a moment ago, for a server process the test starts. Another
 * process may take it before the server binds it: `startServer` then sees the server's "port in use"
 * exit and tries another.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A port held by this test process, to start an example on a port that is taken. */
export interface HeldPort {
  readonly port: number;
  release(): Promise<void>;
}

/** Occupies a free port on 127.0.0.1 until `release()`. */
export async function occupyPort(): Promise<HeldPort> {
  const server = createServer((socket) => socket.destroy());
  const port = await listen(server);
  return {
    port,
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
