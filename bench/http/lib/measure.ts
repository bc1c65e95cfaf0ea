import type { ServerProcess } from "./server-process";
import { runWrk } from "./wrk";

/** One load of one server. */
export interface Measurement {
  readonly requests: number;
  readonly rps: number;
  /** The server's CPU time per request, µs: the primary figure. */
  readonly serverCpuUs: number;
  /** wrk's own CPU time per request, µs. */
  readonly wrkCpuUs: number;
}

/** Load settings shared by every measurement of a run. */
export interface LoadSettings {
  readonly seconds: number;
  readonly connections: number;
  /** The core wrk runs on; the servers have the other. */
  readonly wrkCore: number;
}

/**
 * Loads one server with wrk and reads the server's CPU time around the load. Fails on any answer
 * that is not 2xx or any socket error: a variant that refuses its requests measures nothing.
 * @param server - the server to load
 * @param load - duration, connections, wrk's core
 */
export async function measure(server: ServerProcess, load: LoadSettings): Promise<Measurement> {
  const before = await server.cpuUs();
  const result = await runWrk({
    url: server.url,
    headers: server.headers,
    seconds: load.seconds,
    connections: load.connections,
    core: load.wrkCore,
  });
  const after = await server.cpuUs();
  if (result.non2xx > 0 || result.socketErrors > 0 || result.requests === 0) {
    throw new Error(
      `${server.name}: ${result.requests} requests, ${result.non2xx} not 2xx/3xx, ${result.socketErrors} socket errors`,
    );
  }
  return {
    requests: result.requests,
    rps: result.requests / result.seconds,
    serverCpuUs: (after - before) / result.requests,
    wrkCpuUs: result.cpuUs / result.requests,
  };
}
