import { call, type ServerProcess, startServer } from "../../../../examples/test-support/server-process";

/** An example app started for the browser suites, with what its first start printed. */
export interface ExampleServer {
  /** The app's base URL. */
  readonly url: string;
  /** The console's URL, as the app printed it at start. */
  readonly consoleUrl: string;
  /** The admin key of the first start's banner. */
  readonly adminKey: string;
  readonly process: ServerProcess;
}

const KEY = /USR-[0-9a-f]{40}/;
const CONSOLE_LINE = /^Admin console: (\S+)/m;

/**
 * Starts an example's real server entry (as `pnpm start` does, from source) on a free port, and
 * reads the admin key and the console's URL from what it printed.
 * @param entry - the example's `src/server.ts`
 * @param env - its environment (data directory, database)
 * @param restartLine - what it prints on a start that reuses its data
 */
export async function startExample(
  entry: URL,
  env: Record<string, string>,
  restartLine: RegExp,
): Promise<ExampleServer> {
  const process = await startServer(entry, env, restartLine);
  const output = process.output();
  const consoleUrl = CONSOLE_LINE.exec(output)?.[1];
  const adminKey = KEY.exec(output)?.[0];
  if (consoleUrl === undefined || adminKey === undefined) {
    await process.stop();
    throw new Error(`the example printed no console URL or admin key:\n${output}`);
  }
  return { url: process.url, consoleUrl, adminKey, process };
}

/**
 * Calls the example's management API directly, for what a scenario needs as given (a role, a user,
 * a key), never for what it checks.
 * @param server - the example
 * @param method - HTTP method
 * @param path - below /api/keyward
 * @param json - the body
 */
export async function manage(
  server: ExampleServer,
  method: string,
  path: string,
  json?: unknown,
): Promise<unknown> {
  const answer = await call(`${server.url}/api/keyward${path}`, {
    method,
    key: server.adminKey,
    ...(json === undefined ? {} : { json }),
  });
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
