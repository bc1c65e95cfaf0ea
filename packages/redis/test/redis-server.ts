import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";

/** A redis-server the test owns: its own port and data directory. */
export interface ThrowawayRedis {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** (Re)starts the server on the same port and directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SHUTDOWN (which flushes the append-only file), then waits for the process to exit. */
  stop(): Promise<void>;
  /** Stops the server and deletes its directory. */
  dispose(): Promise<void>;
}

/** A port nothing listens on right now. */
export async function sparePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

/**
 * Starts a throwaway redis-server on a spare port, data in a new temp directory.
 * @param config - `appendOnly` persistence; `extraArgs` for redis-server
 */
export async function startThrowawayRedis(
  config: { appendOnly: boolean; extraArgs?: readonly string[] } = { appendOnly: true },
): Promise<ThrowawayRedis> {
  const dir = await mkdtemp(join(tmpdir(), "keyward-redis-"));
  const port = await sparePort();
  let child: ChildProcess | null = null;

  const start = async () => {
    const args = [
      ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
      ...["--appendonly", config.appendOnly ? "yes" : "no", "--appendfsync", "always"],
      ...(config.extraArgs ?? []),
    ];
    const started = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          started.stdout?.off("data", onData);
          started.stdout?.resume();
          resolve();
        }
      };
      started.stdout?.on("data", onData);
      started.stderr?.resume();
      started.once("exit", (code) =>
        reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)),
      );
    });
  };

  const stop = async () => {
    const running = child;
    if (running === null || running.exitCode !== null) return;
    const exited = once(running, "exit");
    const admin = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
    admin.on("error", () => {});
    await admin.connect();
    // The server closes the connection instead of answering.
    await admin.sendCommand(["SHUTDOWN"]).catch(() => {});
    if (admin.isOpen) admin.destroy();
    await exited;
    child = null;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    start,
    stop,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
