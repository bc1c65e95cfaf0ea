// `pnpm dev` (scripts/dev.mjs): migrations applied to a local D1 database, then the pinned
// wrangler's `wrangler dev`, bundling the packages from source. Started for real here, as a
// newcomer would, on a port taken first and then on a free one; its local D1 database goes to a
// temporary directory (`--persist-to`), not the example's .wrangler/.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type Child, spawnNode } from "../../test-support/child-process";
import { waitForHttp } from "../../test-support/http-ready";
import { freePort, occupyPort } from "../../test-support/ports";

const devScript = fileURLToPath(new URL("../scripts/dev.mjs", import.meta.url));
const ADMIN_KEY = `API-${"7c".repeat(20)}`;
// No usage reports from a test run.
const ENV = { WRANGLER_SEND_METRICS: "false" };
// Migrating, then bundling and starting workerd: two wrangler runs, on a loaded machine.
const READY_TIMEOUT_MS = 90_000;

describe("pnpm dev in examples/hono-workers", () => {
  let dev: Child | undefined;
  const persistTo = mkdtempSync(join(tmpdir(), "keyward-hono-workers-dev-"));
  afterAll(async () => {
    await dev?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  });

  it("on a taken port, exits 1 with one line naming the port and PORT=", async () => {
    const held = await occupyPort();
    try {
      const child = spawnNode([devScript], { ...ENV, PORT: String(held.port) });
      const exit = await child.exited;
      expect(exit.code).toBe(1);
      expect(child.stderr().trim().split("\n")).toEqual([
        `Port ${held.port} on 127.0.0.1 is already in use: stop the program using it, or start on another port: PORT=${held.port + 1} pnpm dev`,
      ]);
    } finally {
      await held.release();
    }
  });

  it("applies the migrations, then serves the Worker from source on PORT on D1, with CORS and the public menus", async () => {
    const port = await freePort();
    // Its own process group: stopping it also stops the workerd processes wrangler starts.
    dev = spawnNode(
      [devScript, "--var", `ADMIN_KEY:${ADMIN_KEY}`, "--persist-to", persistTo],
      { ...ENV, PORT: String(port) },
      { group: true },
    );
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/`, dev, Date.now() + READY_TIMEOUT_MS);
    expect(dev.stdout()).toContain("0001_keyward.sql");
    // The admin key was imported into the local D1 database: pages need a key.
    expect((await fetch(`${url}/api/pages/pages`, { headers: { "api-key": ADMIN_KEY } })).status).toBe(200);
    expect((await fetch(`${url}/api/pages/pages`)).status).toBe(401);
    for (const headers of [{ "api-key": ADMIN_KEY }, {}]) {
      const menus = await fetch(`${url}/api/pages/menus`, { method: "GET", headers });
      expect(menus.status).toBe(200);
      expect(((await menus.json()) as { name: string }[]).map((menu) => menu.name)).toEqual([
        "main",
        "footer",
      ]);
    }
    const preflight = await fetch(`${url}/api/pages/pages`, {
      method: "OPTIONS",
      headers: {
        origin: "http://front-end.test",
        "access-control-request-method": "GET",
        "access-control-request-headers": "api-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
  }, 120_000);
});
