import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { ServerCommand, ServerReady } from "../servers/serve";

/** One benchmark server: a framework and a variant, e.g. `express5:keyward`. */
export interface ServerSpec {
  /** `express5`, `express4`, `hono` or `node-raw`. */
  readonly framework: string;
  readonly variant: string;
}

const SERVER_FILES: Readonly<Record<string, { file: string; args: (variant: string) => string[] }>> = {
  express5: { file: "express.ts", args: (variant) => ["express5", variant] },
  express4: { file: "express.ts", args: (variant) => ["express4", variant] },
  hono: { file: "hono.ts", args: (variant) => [variant] },
  "node-raw": { file: "node-raw.ts", args: () => [] },
};

/** A running benchmark server in a child process pinned to one core. */
export class ServerProcess {
  private constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcess,
    readonly url: string,
    readonly headers: Readonly<Record<string, string>>,
  ) {}

  /** `framework:variant`. */
  get name(): string {
    return `${this.spec.framework}:${this.spec.variant}`;
  }

  /**
   * Starts a server pinned to `core` (`taskset -c`), from the sources (tsx, `@keyward/source`).
   * @param spec - which app
   * @param core - the core the server may run on
   */
  static async start(spec: ServerSpec, core: number): Promise<ServerProcess> {
    const entry = SERVER_FILES[spec.framework];
    if (entry === undefined) throw new Error(`unknown framework ${spec.framework}`);
    const file = fileURLToPath(new URL(`../servers/${entry.file}`, import.meta.url));
    const child = fork(file, entry.args(spec.variant), {
      execPath: "taskset",
      execArgv: ["-c", String(core), process.execPath, "--conditions=@keyward/source", "--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let listening = false;
    const exited = once(child, "exit").then(([code]) => {
      if (!listening)
        throw new Error(`${spec.framework}:${spec.variant} exited with ${code} before listening`);
    });
    const [ready] = (await Promise.race([once(child, "message"), exited])) as [ServerReady];
    listening = true;
    return new ServerProcess(spec, child, `http://127.0.0.1:${ready.port}/api/posts`, ready.headers);
  }

  async #ask<T>(command: ServerCommand): Promise<T> {
    this.child.send(command);
    const [answer] = (await once(this.child, "message")) as [T];
    return answer;
  }

  /** The server's CPU time so far (user + system, µs), read inside it with `process.cpuUsage()`. */
  async cpuUs(): Promise<number> {
    const { cpu } = await this.#ask<{ cpu: NodeJS.CpuUsage }>("cpu");
    return cpu.user + cpu.system;
  }

  /**
   * Starts the V8 CPU profiler inside the server.
   * @param intervalUs - sampling interval
   */
  async startProfile(intervalUs: number): Promise<void> {
    await this.#ask({ profile: "start", intervalUs });
  }

  /**
   * Stops the profiler and writes the profile (`.cpuprofile` JSON) to `path`.
   * @param path - where to write it
   */
  async stopProfile(path: string): Promise<void> {
    await this.#ask({ profile: "stop", path });
  }

  /** Ends the server and waits for its exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, "exit");
    this.child.send("exit");
    await exited;
  }
}
