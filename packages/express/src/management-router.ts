import "./augment";
import {
  createManagementHandler,
  INVALID_JSON,
  type Keyward,
  type ManagementOptions,
  PAYLOAD_TOO_LARGE_CLOSE,
} from "@keyward/core";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { apiKeyAuth } from "./api-key-auth";
import { isClientHangUp, readBody } from "./read-body";
import { sendAnswer } from "./send-answer";

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
 * The management API (keys, roles, users, the public role) as Express middleware.
 * Routing, permissions and validation live in core; this only translates requests and answers. Mount
 * it after `apiKeyAuth`: it acts as `req.auth`. It reads JSON bodies itself, and also accepts bodies
 * an app-wide `express.json()` parsed; that parser's syntax errors get core's 400 answer.
 *
 * Returns a handler and an error handler (for body-parser errors), which `app.use` accepts as a list.
 *
 * @param keyward - the instance to manage
 * @param options - `retryAfterSeconds` of 503 answers
 * @example
 * ```ts
 * app.use("/api", apiKeyAuth(keyward));
 * app.use("/api/keyward", managementRouter(keyward));
 * ```
 */
export function managementRouter(
  keyward: Keyward,
  options: ManagementOptions = {},
): [RequestHandler, ErrorRequestHandler] {
  if (typeof keyward?.keys?.create !== "function") {
    throw new TypeError(
      "managementRouter: the first argument must be a keyward instance (createKeyward(...))",
    );
  }
  const management = createManagementHandler(keyward, options);
  // Mounted without apiKeyAuth in front, the router authenticates by itself, as Hono's
  // managementApp does, so both answer a request the same way however they are mounted.
  const authenticate = apiKeyAuth(keyward);

  const handler = (req: Request, res: Response, next: NextFunction): void => {
    if (req.auth !== undefined) {
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
          query: readQuery(req.url),
          principal: req.auth,
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
