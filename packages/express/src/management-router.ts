import "./augment";
import {
  createManagementHandler,
  type HttpAnswer,
  INVALID_JSON,
  type Keyward,
  MANAGEMENT_BODY_LIMIT,
  type ManagementOptions,
  PAYLOAD_TOO_LARGE,
} from "@keyward/core";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import { apiKeyAuth } from "./api-key-auth";
import { sendAnswer } from "./send-answer";

type Body = { rawBody: string } | { body: unknown } | { answer: HttpAnswer };

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

function readBody(req: Request): Promise<Body> {
  // An app-wide body parser already read the stream (body-parser 1 marks `_body`; 2 leaves the stream
  // ended): use what it parsed.
  if ((req as { _body?: unknown })._body === true || req.readableEnded) {
    // Only a JSON body counts, as in the Hono adapter: a form body that an app-wide urlencoded
    // parser turned into an object must not pass for `{"role": …}`.
    if (BODY_METHODS.has(req.method) && req.is("application/json") === false) {
      return Promise.resolve({ answer: INVALID_JSON });
    }
    return Promise.resolve({ body: req.body as unknown });
  }
  if (!BODY_METHODS.has(req.method)) return Promise.resolve({ rawBody: "" });
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    req.on("data", (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size > MANAGEMENT_BODY_LIMIT) {
        if (!settled) resolve({ answer: PAYLOAD_TOO_LARGE });
        settled = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!settled) resolve({ rawBody: Buffer.concat(chunks).toString("utf8") });
      settled = true;
    });
    req.on("error", (error) => {
      if (!settled) reject(error);
      settled = true;
    });
  });
}

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
 * The management API of DESIGN §3 (keys, roles, users, the public role) as Express middleware.
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
        if ("answer" in body) return body.answer;
        return management.handle({
          method: req.method,
          path: req.path,
          query: readQuery(req.url),
          principal: req.auth,
          ...body,
        });
      })
      .then((answer) => sendAnswer(res, answer), next);
  };

  const parseErrors = (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (err as { type?: unknown } | null)?.type;
    if (type === "entity.parse.failed") sendAnswer(res, INVALID_JSON);
    else if (type === "entity.too.large") sendAnswer(res, PAYLOAD_TOO_LARGE);
    else next(err);
  };

  return [handler, parseErrors];
}
