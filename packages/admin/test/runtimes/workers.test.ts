import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PACKAGE_DIR } from "../ensure-built";

const here = fileURLToPath(new URL(".", import.meta.url));

describe("the built console on Cloudflare Workers (workerd, through miniflare)", () => {
  let worker: Miniflare | undefined;

  beforeAll(async () => {
    const failure = inject("keywardAdminBuildFailure");
    if (failure !== null) throw new Error(failure);
    // Bundled as wrangler would: the worker conditions, no Node built-ins available.
    const bundle = await build({
      entryPoints: [join(here, "worker.mjs")],
      bundle: true,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["module", "main"],
      write: false,
      absWorkingDir: here,
    });
    const script = bundle.outputFiles[0]!.text;
    expect(script).not.toMatch(/from\s*["']node:/);
    worker = new Miniflare({ modules: true, script, compatibilityDate: "2025-07-01" });
  }, 120_000);

  afterAll(async () => {
    await worker?.dispose();
  });

  it("serves the page and its hashed assets with the console's headers", async () => {
    const index = await worker!.dispatchFetch("http://localhost/admin/");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(index.headers.get("x-frame-options")).toBe("DENY");
    expect(index.headers.get("cache-control")).toBe("no-store");
    const html = await index.text();
    expect(html).toBe(readFileSync(join(PACKAGE_DIR, "dist", "console", "index.html"), "utf8"));
    const asset = /src="(assets\/[^"]+)"/.exec(html)?.[1];
    const script = await worker!.dispatchFetch(`http://localhost/admin/${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await script.text()).length).toBeGreaterThan(10_000);
    expect((await worker!.dispatchFetch("http://localhost/admin/nope.js")).status).toBe(404);
  }, 60_000);
});
