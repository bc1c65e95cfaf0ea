import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { ConsoleFile } from "../src/assets/console-file";
import { PACKAGE_DIR } from "./ensure-built";

/** The whole console, compressed as a server would send it, must stay under this. */
const BUDGET_BYTES = 60 * 1024;

const CONSOLE_DIR = join(PACKAGE_DIR, "dist", "console");

function builtFiles(): { path: string; body: string }[] {
  const assets = readdirSync(join(CONSOLE_DIR, "assets")).map((name) => `assets/${name}`);
  return ["index.html", ...assets].map((path) => ({
    path,
    body: readFileSync(join(CONSOLE_DIR, path), "utf8"),
  }));
}

describe("the built package", () => {
  beforeAll(() => {
    const failure = inject("keywardAdminBuildFailure");
    if (failure !== null) throw new Error(failure);
  });

  it(`keeps the whole console under ${BUDGET_BYTES / 1024} KB gzip`, () => {
    const sizes = builtFiles().map((file) => ({
      path: file.path,
      gzip: gzipSync(file.body, { level: 9 }).length,
    }));
    const total = sizes.reduce((sum, file) => sum + file.gzip, 0);
    console.log(
      `console size (gzip): ${sizes.map((file) => `${file.path} ${file.gzip} B`).join(", ")}; total ${total} B`,
    );
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("ships one hashed script and one hashed style sheet, loaded by index.html, and nothing else", () => {
    const files = builtFiles();
    const assets = files.filter((file) => file.path !== "index.html").map((file) => file.path);
    expect(assets).toHaveLength(2);
    expect(assets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^assets\/main-[A-Z0-9]{8}\.css$/),
        expect.stringMatching(/^assets\/main-[A-Z0-9]{8}\.js$/),
      ]),
    );
    const index = files.find((file) => file.path === "index.html")!.body;
    for (const asset of assets) expect(index).toContain(`"${asset}"`);
    // Runs without the network: no URL of another origin anywhere in what the browser loads.
    for (const file of files)
      expect(file.body, file.path).not.toMatch(/(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?\/\//i);
  });

  it("embeds exactly the files of dist/console/ for serving from code", async () => {
    const embedded = (await import(pathToFileURL(join(PACKAGE_DIR, "dist", "console-files.js")).href)) as {
      loadConsoleFiles(): Promise<readonly ConsoleFile[]>;
    };
    const files = await embedded.loadConsoleFiles();
    expect(
      files.map(({ path, body }) => ({ path, body })).sort((a, b) => a.path.localeCompare(b.path)),
    ).toEqual(builtFiles().sort((a, b) => a.path.localeCompare(b.path)));
  });

  // Run in a child process: this one resolves `#console-files` through the source condition.
  const serveIndex = `
    const handler = a.createConsoleHandler({ apiBase: "/api/keyward", basePath: "/admin" });
    handler(new Request("http://localhost/admin/")).then(async (response) => {
      const body = await response.text();
      console.log(JSON.stringify({ status: response.status, csp: response.headers.get("content-security-policy"), body }));
    });`;
  const esm = pathToFileURL(join(PACKAGE_DIR, "dist", "index.js")).href;
  const cjs = join(PACKAGE_DIR, "dist", "index.cjs");

  it.each([
    ["ESM", "module", `import * as a from ${JSON.stringify(esm)};`],
    ["CommonJS", "commonjs", `const a = require(${JSON.stringify(cjs)});`],
  ])("serves the console from its %s entry on plain Node", async (_format, type, load) => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [`--input-type=${type}`, "-e", load + serveIndex]);
    const answer = JSON.parse(stdout) as { status: number; csp: string; body: string };
    expect(answer.status).toBe(200);
    expect(answer.csp).toContain("default-src 'none'");
    expect(answer.body).toBe(readFileSync(join(CONSOLE_DIR, "index.html"), "utf8"));
  });
});
