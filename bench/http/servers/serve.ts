import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import type { AddressInfo } from "node:net";

/** A message from the harness to a benchmark server. */
export type ServerCommand =
  | "cpu"
  | "exit"
  | { readonly profile: "start"; readonly intervalUs: number }
  | { readonly profile: "stop"; readonly path: string };

/** What a benchmark server tells the harness once it listens. */
export interface ServerReady {
  readonly port: number;
  readonly headers: Readonly<Record<string, string>>;
}

let session: Session | undefined;

async function startProfile(intervalUs: number): Promise<void> {
  session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
  await session.post("Profiler.start");
}

async function stopProfile(path: string): Promise<void> {
  if (session === undefined) throw new Error("no profile running");
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  session = undefined;
  writeFileSync(path, JSON.stringify(profile));
}

/**
 * Hands a listening benchmark server to the harness over IPC: tells it the port and the headers a
 * valid request carries, and answers its commands — `cpu` with `process.cpuUsage()` read inside this
 * process, `profile` start/stop with a CPU profile in the `.cpuprofile` format `node --cpu-prof`
 * writes (started after the warm-up, so start-up and JIT warm-up stay out of it), `exit`.
 * @param server - a server that was asked to listen
 * @param headers - the headers of a request that passes
 */
export function serveToHarness(
  server: { address(): AddressInfo | string | null; once(event: "listening", listener: () => void): unknown },
  headers: Readonly<Record<string, string>>,
): void {
  const ready = () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ port, headers } satisfies ServerReady);
  };
  if (server.address() !== null) ready();
  else server.once("listening", ready);
  process.on("message", (command: ServerCommand) => {
    if (command === "cpu") process.send?.({ cpu: process.cpuUsage() });
    else if (command === "exit") process.exit(0);
    else if (command.profile === "start")
      void startProfile(command.intervalUs).then(() => process.send?.({ profiling: true }));
    else void stopProfile(command.path).then(() => process.send?.({ profiled: command.path }));
  });
}
