// The runtime matrix: the same app, built from the packages' `dist` (global-setup.ts builds it when
// stale), served by Node 20, Bun and Deno over real HTTP and by workerd through miniflare, answering
// the same script identically.
// A missing runtime binary fails the run: a skipped runtime would read as a passing one.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EXPECTED_STEPS, runScript, type ScriptRun, type Send } from "./script";
import { type RuntimeServer, spawnServer } from "./spawn-server";
import { bundleWorker } from "./worker-bundle";

const here = import.meta.dirname;
const bin = (name: string) => join(here, "..", "..", "node_modules", ".bin", name);

beforeAll(() => {
  const failure = inject("keywardDistFailure");
  if (failure) throw new Error(failure);
});

function httpSend(origin: string): Send {
  return (path, init = {}) =>
    fetch(origin + path, {
      method: init.method ?? "GET",
      headers: init.headers ?? [],
      ...(init.body === undefined ? {} : { body: init.body }),
    });
}

function expectScript(run: ScriptRun, hasher: "node" | "web"): void {
  expect(run.steps).toEqual(EXPECTED_STEPS);
  expect(run.createdKeyCacheControl).toBe("no-store");
  expect(run.hasher).toBe(hasher);
}

const runtimes = [
  { name: "node", command: process.execPath, args: ["serve.mjs"] },
  { name: "bun", command: bin("bun"), args: ["run", "serve.mjs"] },
  {
    name: "deno",
    command: bin("deno"),
    args: ["run", "--no-lock", "--allow-net=127.0.0.1", "--allow-read", "serve.mjs"],
  },
] as const;

for (const runtime of runtimes) {
  describe(`${runtime.name} from dist over real HTTP`, () => {
    let server: RuntimeServer | undefined;

    beforeAll(async () => {
      expect(existsSync(runtime.command), `${runtime.name} binary missing at ${runtime.command}`).toBe(true);
      server = await spawnServer(runtime.command, runtime.args, here);
    });

    afterAll(async () => {
      await server?.stop();
    });

    it("answers the script like every other runtime, with the node:crypto hasher", async () => {
      if (server === undefined) throw new Error(`${runtime.name} did not start`);
      expect(server.runtime).toBe(runtime.name);
      expectScript(await runScript(httpSend(server.origin)), "node");
    });
  });
}

describe("core's CommonJS entry from dist", () => {
  it("picks the node:crypto hasher through require() on Node and Bun", () => {
    for (const command of [process.execPath, bin("bun")]) {
      expect(existsSync(command), `missing ${command}`).toBe(true);
      const output = execFileSync(command, ["probe.cjs"], { cwd: here, encoding: "utf8" });
      expect(JSON.parse(output), command).toEqual({ ok: true, can: true, subtleCalls: 0 });
    }
  });
});

describe("workerd (miniflare) from dist, bundled with Worker conditions", () => {
  let mf: Miniflare | undefined;
  let inputs: readonly string[] = [];

  beforeAll(async () => {
    const bundle = await bundleWorker(join(here, "worker.mjs"));
    inputs = bundle.inputs;
    mf = new Miniflare({ modules: true, script: bundle.code, compatibilityDate: "2025-08-01" });
    await mf.ready;
  });

  afterAll(async () => {
    await mf?.dispose();
  });

  it("bundles the Web Crypto hasher from core's dist and never the node:crypto one", () => {
    expect(inputs.some((input) => input.endsWith("core/dist/hash/sha256-web.js"))).toBe(true);
    expect(inputs.some((input) => input.includes("sha256-node"))).toBe(false);
    expect(inputs.some((input) => input.includes("/src/"))).toBe(false);
  });

  it("answers the script like every other runtime, with the Web Crypto hasher", async () => {
    if (mf === undefined) throw new Error("miniflare did not start");
    const worker = mf;
    const send: Send = (path, init = {}) =>
      worker.dispatchFetch(`http://localhost${path}`, {
        method: init.method ?? "GET",
        headers: init.headers ?? [],
        ...(init.body === undefined ? {} : { body: init.body }),
      });
    expectScript(await runScript(send), "web");
  });
});
