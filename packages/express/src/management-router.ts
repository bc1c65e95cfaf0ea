import type { Keyward } from "@keyward/core";
import {
  assertKeyward,
  createManagementHandler,
  INVALID_JSON,
  type ManagementOptions,
  PAYLOAD_TOO_LARGE_CLOSE,
  queryRecord,
} from "@keyward/core/adapter";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { type ApiKeyAuthOptions, apiKeyAuth } from "./api-key-auth";
import { isClientHangUp, readBody } from "./read-body";
import { getAuth } from "./request-state";
import { sendAnswer } from "./send-answer";

/** Options of {@link managementRouter}. */
export interface ManagementRouterOptions extends ManagementOptions {
  /**
   * Options of the authentication the router runs itself when no `apiKeyAuth` in front of it has
   * authenticated the request (`headers`, `getKey`, `allowQueryKey`, `onError`, …). `optional` is
   * always off here: the management API is never anonymous. Default: `{}`.
   */
  readonly auth?: Omit<ApiKeyAuthOptions, "optional">;
}

/**
 * The management API (keys, roles, users, the public role) as Express middleware.
 * Routing, permissions and validation live in core; this only translates requests and answers. Mount
 * it after `apiKeyAuth`: it acts as the caller `apiKeyAuth` found. It reads JSON bodies itself, and also accepts bodies
 * an app-wide `express.json()` parsed; that parser's syntax errors get core's 400 answer.
 *
 * Returns a handler and an error handler (for body-parser errors), which `app.use` accepts as a list.
 *
 * @param keyward - the instance to manage
 * @param options - `retryAfterSeconds` of 503 answers; `auth` options for its own authentication
 * @example
 * ```ts
 * app.use("/api", apiKeyAuth(keyward));
 * app.use("/api/keyward", managementRouter(keyward));
 * ```
 */
export function managementRouter(
  keyward: Keyward,
  options: ManagementRouterOptions = {},
): [RequestHandler, ErrorRequestHandler] {
  const instance = assertKeyward(keyward, "managementRouter");
  if (typeof options !== "object" || options === null) {
    throw new TypeError("managementRouter: options must be an object");
  }
  if (options.auth !== undefined && (typeof options.auth !== "object" || options.auth === null)) {
    throw new TypeError("managementRouter: auth must be an object of apiKeyAuth options");
  }
  const management = createManagementHandler(
    instance,
    options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds },
  );
  // Mounted without apiKeyAuth in front, the router authenticates by itself, as Hono's
  // managementApp does, so both answer a request the same way however they are mounted.
  const authenticate = apiKeyAuth(instance, { ...options.auth, optional: false });

  const handler = (req: Request, res: Response, next: NextFunction): void => {
    if (getAuth(req) !== undefined) {
      serve(req, res, next);
      return;
    }
    authenticate(req, res, (error?: unknown) => {
      if (error === undefined) serve(req, res, next);
      else next(error);
    });
  };

  const serve = (req: Request, res: Response, next: NextFunction): void => {
    readBody(req)
      .then(async (body) => {
        if ("aborted" in body) return null;
        if ("answer" in body) return body.answer;
        return management.handle({
          method: req.method,
          path: req.path,
          query: queryRecord(req.url),
          principal: getAuth(req),
          ifMatch: req.headers["if-match"],
          ...body,
        });
      })
      .then((answer) => {
        // null: the client hung up. The socket is gone; there is no one to answer, nothing to report.
        if (answer !== null) sendAnswer(res, answer);
      }, next);
  };

  const parseErrors = (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (err as { type?: unknown } | null)?.type;
    if (type === "entity.parse.failed") sendAnswer(res, INVALID_JSON);
    else if (type === "entity.too.large") sendAnswer(res, PAYLOAD_TOO_LARGE_CLOSE);
    // An app-wide parser whose client hung up mid-body: as quiet as when this router reads the body.
    else if (type !== "request.aborted" && !isClientHangUp(err)) next(err);
  };

  return [handler, parseErrors];
}
