import net from "node:net";

/** A TCP proxy in front of a server that a test can cut, stall and restore. */
export interface TcpProxy {
  /** The port the proxy listens on (stays the same across cut/restore). */
  readonly port: number;
  /** Drops every connection and refuses new ones: the server "goes away". */
  cut(): Promise<void>;
  /** Refuses new connections and keeps the open ones: a session lost now cannot come back. */
  refuseNew(): void;
  /** Keeps connections open but drops every byte: the server "hangs". */
  stall(): void;
  /** Accepts and forwards again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1 (a free port) forwarding to `target`.
 * @param target - the real server
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  let stalled = false;

  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on("data", (chunk) => {
        if (!stalled) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
      if (server.listening) server.close(() => resolve());
      else resolve();
    });

  const port = await listen(0);
  return {
    port,
    cut: stop,
    refuseNew: () => {
      // Stops accepting at once; close()'s callback would wait for the open connections to end.
      if (server.listening) server.close();
    },
    stall: () => {
      stalled = true;
    },
    restore: async () => {
      if (stalled) {
        // Bytes were dropped while stalled, so those connections are out of sync: end them.
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        pairs.clear();
      }
      stalled = false;
      if (!server.listening) await listen(port);
    },
    close: stop,
  };
}
