import type { ConsoleFile } from "./console-file";

let built: Promise<readonly ConsoleFile[]> | undefined;

/**
 * The console's files when the package runs from source (the `@keyward/source` condition of the
 * workspace's tests and examples): built in memory with esbuild on first use, exactly as the
 * package build does, so nothing needs a prior build. A published package loads the files the build
 * embedded instead (`dist/console-files.js`).
 */
export function loadConsoleFiles(): Promise<readonly ConsoleFile[]> {
  if (built !== undefined) return built;
  built = import("../build/build-console").then(({ buildConsole }) => buildConsole());
  built.catch(() => {
    built = undefined;
  });
  return built;
}
