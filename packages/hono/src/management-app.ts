import { createManagementHandler, type Keyward, type ManagementOptions, type Principal } from "@keyward/core";
import { type Context, Hono } from "hono";
import { type ApiKeyAuthOptions, apiKeyAuth } from "./api-key-auth";
import type { KeywardEnv } from "./env";
import { readBody } from "./read-body";
import { toResponse } from "./respond";
import { validateKeyward } from "./validate-keyward";

/** Options of {@link managementApp}. */
export interface ManagementAppOptions extends ManagementOptions {
  /**
   * Options of the authentication the app runs itself when no `apiKeyAuth` in front of it has set
   * `c.get("auth")`. Default: `{}`.
   */
  readonly auth?: ApiKeyAuthOptions;
}

/**
 * The path below the mount point, taken from the raw URL (core decodes each segment exactly once).
 * The route pattern, e.g. `/api/keyward/*`, says how many segments the mount point has.
 * (`c.req.routePath` is deprecated for the `hono/route` helper, which Hono 4.6, still in our peer
 * range, lacks; the getter works on every 4.x.)
 */
function pathBelowMount(c: Context): string {
  const url = c.req.url;
  const start = url.indexOf("/", url.indexOf("://") + 3);
  const query = url.indexOf("?", start);
  const path = start === -1 ? "/" : url.slice(start, query === -1 ? undefined : query);
  const mountDepth = c.req.routePath.split("/").length - 2;
  return `/${path
    .split("/")
    .slice(mountDepth + 1)
    .join("/")}`;
}

/** Query parameters as the Express adapter hands them to core: repeated names become arrays. */
function readQuery(url: string): Record<string, string | string[]> {
  const start = url.indexOf("?");
  const query: Record<string, string | string[]> = {};
  if (start === -1) return query;
  const params = new URLSearchParams(url.slice(start + 1));
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

/**
 * The management API (keys, own-key refresh, roles, users, public role) as a Hono
 * sub-app. Routing, permission checks, validation and answers all come from core, so it answers
 * exactly like the Express `managementRouter`. It uses the principal of an `apiKeyAuth` mounted in
 * front of it, and authenticates the request itself when there is none.
 *
 * @param keyward - the instance to manage
 * @param options - `retryAfterSeconds` of 503 answers; `auth` options for its own authentication
 * @example
 * ```ts
 * app.use("/api/*", apiKeyAuth(keyward));
 * app.route("/api/keyward", managementApp(keyward));
 * // POST /api/keyward/keys {"userId":"alice"} with a key holding keyward/keys/manage → 201 {key, record}
 * ```
 */
export function managementApp(keyward: Keyward, options: ManagementAppOptions = {}): Hono<KeywardEnv> {
  const instance = validateKeyward(keyward, "managementApp");
  if (typeof options !== "object" || options === null) {
    throw new TypeError("managementApp: options must be an object");
  }
  const handler = createManagementHandler(
    instance,
    options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds },
  );
  const authenticate = apiKeyAuth(instance, { ...options.auth, optional: false });
  const app = new Hono<KeywardEnv>();

  app.use("/*", async function keywardManagementAuth(c, next) {
    // Already authenticated by an apiKeyAuth in front: do not hash and look up the key twice.
    if ((c.get("auth") as Principal | undefined) !== undefined) return next();
    return authenticate(c, next);
  });

  app.all("/*", async function keywardManagement(c) {
    const body = await readBody(c);
    // The client hung up mid-body: nobody will read this. 499 ("client closed request", as nginx
    // logs it) only tells a logger what happened; nothing reaches app.onError.
    if ("aborted" in body) return new Response(null, { status: 499 });
    if ("answer" in body) return toResponse(body.answer);
    const answer = await handler.handle({
      method: c.req.method,
      path: pathBelowMount(c),
      query: readQuery(c.req.url),
      rawBody: body.rawBody,
      principal: c.get("auth"),
      ifMatch: c.req.header("if-match"),
    });
    return toResponse(answer);
  });

  return app;
}
