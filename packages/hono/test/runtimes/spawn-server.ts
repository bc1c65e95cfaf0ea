// Starts `serve.mjs` under a real runtime binary and waits for the port it announces.
import { type ChildProcess, spawn } from "node:child_process";

/** A running server in a child process. */
export interface RuntimeServer {
  readonly runtime: string;
  readonly origin: string;
  /** Everything the child wrote to stderr so far, for failure messages. */
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Spawns `command args…` in `cwd` and resolves once it prints `LISTENING <runtime> <port>`.
 * Rejects when the process exits first; the startup guard only turns a hang into a readable failure.
 * @param command - path of the runtime binary
 * @param args - its arguments, ending with the script
 * @param cwd - where the script lives, so package resolution starts there
 */
export function spawnServer(command: string, args: readonly string[], cwd: string): Promise<RuntimeServer> {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: npm's `.bin` shims start the real binary as a child, and stopping only
    // the shim would leave the server running.
    detached: true,
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    });
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => {
      void stop();
      reject(new Error(`${command} did not start within 60 s.\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 60_000);
    child.once("error", (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(guard);
      reject(
        new Error(
          `${command} exited (${code ?? signal}) before listening.\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    });
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = /LISTENING (\S+) (\d+)/.exec(stdout);
      if (match === null) return;
      clearTimeout(guard);
      child.removeAllListeners("exit");
      resolve({
        runtime: match[1] ?? "",
        origin: `http://127.0.0.1:${match[2]}`,
        stderr: () => stderr,
        stop,
      });
    });
  });
}
