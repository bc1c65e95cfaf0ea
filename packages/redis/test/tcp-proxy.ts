import { once } from "node:events";
import net from "node:net";

/** A TCP proxy to a Redis server whose link a test can cut and restore. */
export interface CuttableProxy {
  /** Connect here to reach the server through the proxy. */
  readonly url: string;
  /** Drops every proxied connection, and drops new ones at once until `restore()`. */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  /** Drops everything and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a proxy on a spare port of 127.0.0.1 to the server at `url`. Cutting it is a network
 * outage for the clients behind it alone: others keep their direct connections.
 * @param url - the server, `redis://host:port`
 */
export async function startProxy(url: string): Promise<CuttableProxy> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((incoming) => {
    if (cut) {
      incoming.destroy();
      return;
    }
    const outgoing = net.connect(Number(target.port || 6379), target.hostname);
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      // Either side failing ends both: a client then sees its connection drop.
      socket.on("error", () => {
        incoming.destroy();
        outgoing.destroy();
      });
    }
    incoming.on("close", () => outgoing.destroy());
    outgoing.on("close", () => incoming.destroy());
    incoming.pipe(outgoing).pipe(incoming);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    cut: () => {
      cut = true;
      dropAll();
    },
    restore: () => {
      cut = false;
    },
    close: async () => {
      cut = true;
      dropAll();
      server.close();
      await once(server, "close");
    },
  };
}
