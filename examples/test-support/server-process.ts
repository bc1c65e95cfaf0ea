import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** How long a server may take to print that it listens; below the smoke tests' 60 s hook timeout. */
const READY_TIMEOUT_MS = 45_000;

/** A running server process and what it printed. */
export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything printed on stdout so far. */
  output(): string;
  /** The base URL it printed once listening. */
  readonly url: string;
  /** Stops it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts an example's real server entry (`src/server.ts`, run as `pnpm start` does) on a free port and
 * resolves once it printed `listening on <url>` and either the whole first-start banner (it ends with
 * a blank line) or the line that a later start prints (`restartLine`). Rejects with its output if it
 * exits first. Shared by the examples' smoke tests.
 * @param entry - URL of the server entry file
 * @param env - extra environment (data directory, database URLs)
 * @param restartLine - what the example prints on a start that reuses its data
 */
export function startServer(
  entry: URL,
  env: Record<string, string>,
  restartLine: RegExp,
): Promise<ServerProcess> {
  // tsx is a dependency of each example, so resolve it from the example's own entry.
  const tsxLoader = pathToFileURL(createRequire(entry).resolve("tsx")).href;
  const child = spawn(
    process.execPath,
    ["--conditions=@keyward/source", "--import", tsxLoader, fileURLToPath(entry)],
    { env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env }, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    // A server that never says it is ready is stopped here, with its output, rather than left
    // running after the test's own timeout gives up on it.
    const readiness = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server not ready within ${READY_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`));
    }, READY_TIMEOUT_MS);
    child.once("exit", () => clearTimeout(readiness));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] && (/\n\n$/.test(stdout) || restartLine.test(stdout))) {
        clearTimeout(readiness);
        resolve({ child, output: () => stdout, url: match[1], stop });
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`)));
  });
}

/**
 * A fetch that returns status, headers and parsed JSON body (or null).
 * @param url - the URL
 * @param init - method, headers, JSON body
 */
export async function call(
  url: string,
  init: { method?: string; key?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== undefined) headers["api-key"] = init.key;
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? null : JSON.parse(text) };
}
