import type { Keyward } from "@keyward/core";
import {
  assertKeyward,
  createManagementHandler,
  type ManagementOptions,
  queryRecord,
} from "@keyward/core/adapter";
import { type Context, Hono } from "hono";
import { type ApiKeyAuthOptions, apiKeyAuth } from "./api-key-auth";
import type { KeywardEnv } from "./env";
import { readBody } from "./read-body";
import { getAuth } from "./request-state";
import { toResponse } from "./respond";

/** Options of {@link managementApp}. */
export interface ManagementAppOptions extends ManagementOptions {
  /**
   * Options of the authentication the app runs itself when no `apiKeyAuth` in front of it has
   * authenticated the request (`headers`, `getKey`, `allowQueryKey`, `onError`, …). `optional` is
   * always off here: the management API is never anonymous. Default: `{}`.
   */
  readonly auth?: Omit<ApiKeyAuthOptions, "optional">;
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
  const instance = assertKeyward(keyward, "managementApp");
  if (typeof options !== "object" || options === null) {
    throw new TypeError("managementApp: options must be an object");
  }
  if (options.auth !== undefined && (typeof options.auth !== "object" || options.auth === null)) {
    throw new TypeError("managementApp: auth must be an object of apiKeyAuth options");
  }
  const handler = createManagementHandler(
    instance,
    options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds },
  );
  const authenticate = apiKeyAuth(instance, { ...options.auth, optional: false });
  const app = new Hono<KeywardEnv>();

  app.use("/*", async function keywardManagementAuth(c, next) {
    // Already authenticated by an apiKeyAuth in front: do not hash and look up the key twice.
    if (getAuth(c) !== undefined) return next();
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
      query: queryRecord(c.req.url),
      rawBody: body.rawBody,
      principal: getAuth(c),
      ifMatch: c.req.header("if-match"),
    });
    return toResponse(answer);
  });

  return app;
}
