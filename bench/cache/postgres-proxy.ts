/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL, for two-process-postgres.bench.ts: one app's
 * listening (or publishing) connection goes through it, so the bench can keep that one connection
 * from coming back while everything else of the app works.
 */
import net from "node:net";

/** A proxy the bench cuts and restores. */
export interface PgProxy {
  /** A URL like `target`, through the proxy. */
  readonly url: string;
  /** Refuses new connections and keeps the open ones. */
  refuseNew(): void;
  /** Drops every connection and refuses new ones. */
  cut(): void;
  /** Accepts again. */
  restore(): Promise<void>;
  close(): void;
}

/**
 * Starts a proxy forwarding to the server of `target`.
 * @param target - a postgres:// URL
 */
export async function startPgProxy(target: string): Promise<PgProxy> {
  const upstreamUrl = new URL(target);
  const to = { host: upstreamUrl.hostname, port: Number(upstreamUrl.port || 5432) };
  const pairs = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(to);
    pairs.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      pairs.delete(client);
      pairs.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const refuseNew = () => {
    if (server.listening) server.close();
  };
  const cut = () => {
    refuseNew();
    for (const socket of pairs) socket.destroy();
    pairs.clear();
  };
  return {
    url: url.href,
    refuseNew,
    cut,
    restore: async () => {
      if (!server.listening) await listen();
    },
    close: cut,
  };
}
