// `pnpm dev` (scripts/dev.mjs): the pinned wrangler's `wrangler dev`, bundling the packages from
// source. Started for real here, as a newcomer would, on a port taken first and then on a free one.
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type Child, spawnNode } from "../../test-support/child-process";
import { waitForHttp } from "../../test-support/http-ready";
import { freePort, occupyPort } from "../../test-support/ports";
import { READY_TIMEOUT_MS } from "../../test-support/server-process";

const devScript = fileURLToPath(new URL("../scripts/dev.mjs", import.meta.url));
const ADMIN_KEY = `API-${"7c".repeat(20)}`;
// No usage reports from a test run.
const ENV = { WRANGLER_SEND_METRICS: "false" };

describe("pnpm dev in examples/hono-workers", () => {
  let dev: Child | undefined;
  afterAll(async () => {
    await dev?.stop();
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

  it("serves the Worker from source on PORT, with CORS and the public menus", async () => {
    const port = await freePort();
    // Its own process group: stopping it also stops the workerd processes wrangler starts.
    dev = spawnNode(
      [devScript, "--var", `ADMIN_KEY:${ADMIN_KEY}`],
      { ...ENV, PORT: String(port) },
      { group: true },
    );
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/`, dev, Date.now() + READY_TIMEOUT_MS);
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
  });
});
