import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Child, spawnNode } from "./child-process";
import { waitForHttp } from "./http-ready";
import { freePort } from "./ports";

/** How long a server may take to answer; below the smoke tests' 60 s hook timeout. */
export const READY_TIMEOUT_MS = 45_000;

/** How often to try another port when the one picked was taken before the server bound it. */
const PORT_ATTEMPTS = 3;

/** A running server process and what it printed. */
export interface ServerProcess {
  readonly child: Child;
  /** Everything printed on stdout so far. */
  output(): string;
  /** Its base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Runs an example's real server entry (`src/server.ts`) as `pnpm start` does: Node with the tsx
 * loader, resolving workspace packages from source.
 * @param entry - URL of the server entry file
 * @param env - extra environment (PORT, data directory, database URLs)
 */
export function runEntry(entry: URL, env: Record<string, string>): Child {
  // tsx is a dependency of each example, so resolve it from the example's own entry.
  const tsxLoader = pathToFileURL(createRequire(entry).resolve("tsx")).href;
  return spawnNode(["--conditions=@keyward/source", "--import", tsxLoader, fileURLToPath(entry)], {
    HOST: "127.0.0.1",
    ...env,
  });
}

/**
 * Starts an example's server on a free port and resolves once it answers HTTP and has printed either
 * the whole first-start banner (it ends with a blank line) or the line a later start prints
 * (`restartLine`). Rejects with its output if it exits first or is not ready in time; a server that
 * exits because another process took its port in the meantime is started again on another port.
 * Shared by the examples' smoke tests.
 * @param entry - URL of the server entry file
 * @param env - extra environment (data directory, database URLs)
 * @param restartLine - what the example prints on a start that reuses its data
 */
export async function startServer(
  entry: URL,
  env: Record<string, string>,
  restartLine: RegExp,
): Promise<ServerProcess> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = runEntry(entry, { ...env, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${url}/`, child, deadline);
      // The examples print their banner before they answer the first request; this only waits for
      // the pipe to deliver it.
      await child.waitForOutput(new RegExp(`\\n\\n$|${restartLine.source}`), deadline);
      return {
        child,
        output: () => child.stdout(),
        url,
        stop: async () => {
          await child.stop();
        },
      };
    } catch (error) {
      await child.stop("SIGKILL");
      const portTaken = child.stderr().includes(`Port ${port} `);
      if (!portTaken || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

/**
 * Runs an example's server entry until it exits on its own (e.g. on a taken port); kills it and
 * rejects if it is still running after `READY_TIMEOUT_MS`.
 * @param entry - URL of the server entry file
 * @param env - extra environment, with the PORT to use
 */
export async function runToExit(
  entry: URL,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = runEntry(entry, env);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), READY_TIMEOUT_MS);
  });
  const outcome = await Promise.race([child.exited, late]);
  clearTimeout(timer);
  if (outcome === "late") {
    await child.stop("SIGKILL");
    throw new Error(`still running after ${READY_TIMEOUT_MS} ms:\n${child.stdout()}\n${child.stderr()}`);
  }
  return { code: outcome.code, stdout: child.stdout(), stderr: child.stderr() };
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
  if (init.json !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(url, {
    method: init.method ?? (init.json === undefined ? "GET" : "POST"),
    headers,
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? null : JSON.parse(text) };
}
