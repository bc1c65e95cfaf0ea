// The bundled Worker on workerd (miniflare), on a local D1 database kept in a directory, as
// `wrangler dev` runs it: a later Worker on the same directory finds what an earlier one stored.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { inject } from "vitest";
import { COMPATIBILITY_DATE, DATABASE_ID } from "./wrangler";

/** A test's temporary directories; `removeAll()` in its `afterAll`. */
export function tempDirs(): { make(): string; removeAll(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), "keyward-hono-workers-"));
      made.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the Worker as `wrangler deploy` bundles it, with wrangler.toml's `[vars]` and the D1
 * database of wrangler.toml kept under `persistTo` (wrangler's `--persist-to`).
 * @param persistTo - the directory the migrations were applied to
 * @param bindings - secrets and other bindings, e.g. `{ ADMIN_KEY }`
 * @param onOutput - gets what the Worker logs (workerd's stdout and stderr); printed when absent
 */
export async function startWorker(
  persistTo: string,
  bindings: Record<string, string>,
  onOutput?: (text: string) => void,
): Promise<Miniflare> {
  const mf = new Miniflare({
    modules: true,
    scriptPath: inject("honoWorkersBundles").plain.script,
    // The bundle lies outside the working directory, which workerd's module paths may not leave.
    modulesRoot: dirname(inject("honoWorkersBundles").plain.script),
    compatibilityDate: COMPATIBILITY_DATE,
    d1Databases: { DB: DATABASE_ID },
    d1Persist: join(persistTo, "v3", "d1"),
    bindings: { PUBLIC_READS: "true", CORS_ORIGINS: "*", ...bindings },
    ...(onOutput === undefined
      ? {}
      : {
          handleRuntimeStdio(stdout: Readable, stderr: Readable) {
            for (const stream of [stdout, stderr]) stream.setEncoding("utf8").on("data", onOutput);
          },
        }),
  });
  await mf.ready;
  return mf;
}

/** What a test sends: a key (`api-key`), a JSON body, other headers. */
export interface CallInit {
  readonly method?: string;
  readonly key?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * A request to the Worker, as a client sends it over HTTP.
 * @param mf - the running Worker
 */
export const caller =
  (mf: () => Miniflare) =>
  (path: string, init: CallInit = {}) =>
    mf().dispatchFetch(`http://worker.test${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...(init.key === undefined ? {} : { "api-key": init.key }),
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        ...init.headers,
      },
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
    });
