import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

/** How a child process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child process started by a test, with everything it printed. */
export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when it has exited. */
  readonly exited: Promise<Exit>;
  /** Whether it has exited. */
  hasExited(): boolean;
  /**
   * Resolves once stdout matches `pattern`; rejects when the process exits first or `deadline`
   * (a `Date.now()` value) passes.
   */
  waitForOutput(pattern: RegExp, deadline: number): Promise<void>;
  /** Sends `signal` (to its whole process group when started with `group`) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/**
 * Starts `node <args>` with `env` added to this process's environment and collects its output.
 * @param args - arguments after the Node executable
 * @param env - extra environment
 * @param options - `group`: start it as a process group of its own, so `stop` also ends its children
 *   (wrangler starts workerd)
 */
export function spawnNode(
  args: string[],
  env: Record<string, string>,
  options: { group?: boolean } = {},
): Child {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
    detached: options.group === true,
  });
  let stdout = "";
  let stderr = "";
  let exit: Exit | undefined;
  // "close", not "exit": it comes once stdout and stderr are read to their end as well.
  const exited = new Promise<Exit>((resolve) =>
    child.once("close", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  const report = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    hasExited: () => exit !== undefined,
    waitForOutput(pattern, deadline) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stdout)) return;
          clearTimeout(timer);
          child.stdout.off("data", check);
          resolve();
        };
        const timer = setTimeout(
          () => {
            child.stdout.off("data", check);
            reject(new Error(`no output matching ${pattern} in time\n${report()}`));
          },
          Math.max(0, deadline - Date.now()),
        );
        child.stdout.on("data", check);
        void exited.then(() => {
          check();
          clearTimeout(timer);
          reject(new Error(`exited (${exit?.code ?? exit?.signal}) before printing ${pattern}\n${report()}`));
        });
        check();
      });
    },
    async stop(signal = "SIGTERM") {
      if (exit === undefined && child.pid !== undefined) {
        if (options.group === true) process.kill(-child.pid, signal);
        else child.kill(signal);
      }
      return exited;
    },
  };
}
