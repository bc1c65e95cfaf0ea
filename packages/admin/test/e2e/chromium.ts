import { execFileSync } from "node:child_process";
import { type Browser, chromium } from "playwright-core";

/**
 * The Chromium of the machine (Debian's `chromium` package), found as the shell finds it, or
 * `null`. No test ever downloads a browser of its own.
 */
export function chromiumPath(): string | null {
  try {
    const path = execFileSync("/bin/sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
    return path === "" ? null : path;
  } catch {
    return null;
  }
}

/** Why the browser suites cannot run here, or `undefined` when they can. */
export function chromiumMissing(): string | undefined {
  return chromiumPath() === null
    ? "Chromium is not installed (apt-get install chromium; `command -v chromium` finds nothing)"
    : undefined;
}

/** Starts the machine's Chromium headless; `--no-sandbox` because tests run as root. */
export function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === null) throw new Error(chromiumMissing());
  return chromium.launch({ executablePath, args: ["--no-sandbox"], headless: true });
}
