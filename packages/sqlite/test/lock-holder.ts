import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Test helper: another process holding the lock of a database file. Not exported from the package. */
export interface LockHolder {
  /** Commits the holder's transaction; resolves once the lock is released and the process is gone. */
  release(): Promise<void>;
  /** Kills the process (and with it the lock) if it still runs. */
  stop(): void;
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixture = join(packageDir, "test/fixtures/lock-holder.ts");

/**
 * Starts a process that takes the write lock of `file` (`BEGIN EXCLUSIVE`) and holds it for
 * `holdMs` (default 10 s) or until released; resolves once it holds it.
 * @param file - the database file
 * @param holdMs - how long the lock is held at most
 */
export async function holdLock(file: string, holdMs = 10_000): Promise<LockHolder> {
  const args = ["--conditions=@keyward/source", "--import", "tsx", fixture, file, String(holdMs)];
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, args, { cwd: packageDir });
  let output = "";
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
      if (output.includes("locked")) resolve();
    });
    void exited.then(() => reject(new Error(`the lock holder exited before locking: ${errors}`)));
  });
  return {
    release: async () => {
      if (child.exitCode === null) child.stdin.end();
      await exited;
    },
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
