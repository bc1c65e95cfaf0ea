import { loadConsoleFiles } from "#console-files";
import type { ConsoleFile } from "./assets/console-file";
import { type ConsoleOptions, consoleConfig } from "./options";
import { IMMUTABLE, NO_STORE, securityHeaders } from "./security-headers";

/** A file of the console with every header it must be served with. */
export interface ConsoleAsset extends ConsoleFile {
  /** `Content-Type`, the Content-Security-Policy and the other security headers, `Cache-Control`. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Every file of the console, for serving it some other way (a static host, a CDN in front of the
 * app): `index.html`, the hashed assets, and `config.json` made from `options`, each with the headers
 * it needs. Serve them below one path that ends with a slash; the mount functions do exactly this.
 * @param options - where the management API is
 * @example
 * ```ts
 * for (const asset of await consoleAssets({ apiBase: "/api/keyward" })) {
 *   await writeFile(join("public/admin", asset.path), asset.body);
 * }
 * ```
 */
export async function consoleAssets(options: ConsoleOptions): Promise<readonly ConsoleAsset[]> {
  const config = consoleConfig(options, "consoleAssets");
  const files: ConsoleFile[] = [
    ...(await loadConsoleFiles()),
    {
      path: "config.json",
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify(config),
      hashed: false,
    },
  ];
  return files.map((file) => ({
    ...file,
    headers: { ...securityHeaders(file.hashed ? IMMUTABLE : NO_STORE), "content-type": file.contentType },
  }));
}
