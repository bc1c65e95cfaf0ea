import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { ConsoleFile } from "../assets/console-file";
import { indexHtml } from "./index-html";

const packageDir = fileURLToPath(new URL("../../", import.meta.url));
const OUT_DIR = join(packageDir, "dist", "console");

const CONTENT_TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

/**
 * Builds the console (src/console) into its files, in memory: one minified script and one style
 * sheet, named by a hash of their content, and the `index.html` that loads them. The package build
 * writes them to `dist/console/` and embeds them in `dist/console-files.js`; running from source
 * serves them straight from here.
 */
export async function buildConsole(): Promise<ConsoleFile[]> {
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: { main: "src/console/main.tsx" },
    tsconfig: "src/console/tsconfig.json",
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    // Browsers with native ES modules, private fields and `:focus-visible`.
    target: ["chrome105", "firefox104", "safari16"],
    // Workspace packages (core's permission matcher) from source: no prior build of core needed.
    conditions: ["@keyward/source"],
    jsx: "automatic",
    jsxImportSource: "preact",
    entryNames: "assets/[name]-[hash]",
    outdir: OUT_DIR,
    write: false,
    legalComments: "eof",
    charset: "utf8",
    logLevel: "silent",
  });
  const assets = result.outputFiles.map((file): ConsoleFile => {
    const path = relative(OUT_DIR, file.path).split("\\").join("/");
    const extension = path.slice(path.lastIndexOf(".") + 1);
    const contentType = CONTENT_TYPES[extension];
    if (contentType === undefined) throw new Error(`the console build made an unexpected file: ${path}`);
    return { path, contentType, body: file.text, hashed: true };
  });
  const script = assets.find((asset) => asset.path.endsWith(".js"));
  const style = assets.find((asset) => asset.path.endsWith(".css"));
  if (script === undefined || style === undefined)
    throw new Error("the console build made no script or style");
  const index: ConsoleFile = {
    path: "index.html",
    contentType: "text/html; charset=utf-8",
    body: indexHtml(script.path, style.path),
    hashed: false,
  };
  return [index, ...assets];
}
