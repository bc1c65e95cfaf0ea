import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { PACKAGE_DIR } from "../ensure-built";

const here = fileURLToPath(new URL(".", import.meta.url));
const bin = (name: string) => join(PACKAGE_DIR, "node_modules", ".bin", name);

// The runtimes' binaries come from npm packages (devDependencies): nothing is fetched at run time.
const RUNTIMES = [
  { name: "Node", command: process.execPath, args: ["answer-index.mjs"] },
  { name: "Bun", command: bin("bun"), args: ["run", "answer-index.mjs"] },
  { name: "Deno", command: bin("deno"), args: ["run", "--no-lock", "--allow-read", "answer-index.mjs"] },
];

describe("the built console on each runtime", () => {
  beforeAll(() => {
    const failure = inject("keywardAdminBuildFailure");
    if (failure !== null) throw new Error(failure);
  });

  it.each(RUNTIMES)("is served from code by the fetch handler on $name", async ({ name, command, args }) => {
    expect(existsSync(command), `${name} binary missing at ${command}`).toBe(true);
    const { stdout } = await promisify(execFile)(command, args, {
      cwd: here,
      env: { ...process.env, NO_COLOR: "1" },
    });
    const { index, script } = JSON.parse(stdout) as Record<
      string,
      { status: number; csp: string; cacheControl: string; body: string }
    >;
    expect(index).toMatchObject({
      status: 200,
      cacheControl: "no-store",
      csp: expect.stringContaining("default-src 'none'"),
    });
    expect(index?.body).toBe(readFileSync(join(PACKAGE_DIR, "dist", "console", "index.html"), "utf8"));
    expect(script).toMatchObject({ status: 200, cacheControl: "public, max-age=31536000, immutable" });
    expect(script?.body.length).toBeGreaterThan(10_000);
  });
});
