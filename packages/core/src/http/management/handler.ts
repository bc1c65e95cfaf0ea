import { isKeywardError } from "../../errors";
import type { Keyward } from "../../keyward";
import { canByOwnRole, type Principal } from "../../principal";
import {
  AUTHENTICATION_REQUIRED,
  DEFAULT_RETRY_AFTER_SECONDS,
  type HttpAnswer,
  INVALID_JSON,
  jsonAnswer,
  methodNotAllowed,
  NOT_FOUND,
  PERMISSION_DENIED,
  PRECONDITION_FAILED,
  serviceUnavailable,
} from "../answers";
import { ManagementForbidden } from "./authority";
import { parseIfMatch } from "./if-match";
import { ROUTES, type Route } from "./routes";

/** One request to the management API, as an adapter hands it over. */
export interface ManagementRequest {
  /** The HTTP method, any case. */
  readonly method: string;
  /** The path below the mount point, e.g. `/keys/abc/refresh` (a query string is ignored). */
  readonly path: string;
  /** Query parameters (`userId`, `role` for `GET /keys`). */
  readonly query?: Readonly<Record<string, unknown>>;
  /** The parsed JSON body, when the framework parsed it. */
  readonly body?: unknown;
  /** The raw body text, when the framework did not parse it; text that is not JSON is a 400. */
  readonly rawBody?: string;
  /** The principal set by `apiKeyAuth`; without one, every route answers 401. */
  readonly principal: Principal | undefined;
  /**
   * The raw `If-Match` header, as the framework joined repeated ones (`, `). Honoured by the routes
   * that refresh or revoke a key: a version that is no longer current is a 412.
   */
  readonly ifMatch?: string | undefined;
}

/** The management API (keys, roles, users, the public role), framework-free. */
export interface ManagementHandler {
  /** Answers one request. Rejects only for errors that are not `KeywardError`s (bugs). */
  handle(request: ManagementRequest): Promise<HttpAnswer>;
}

/** Options of {@link createManagementHandler}. */
export interface ManagementOptions {
  /** `Retry-After` of 503 answers, in seconds. Default: 1. */
  readonly retryAfterSeconds?: number;
}

function match(route: Route, parts: readonly string[]): Record<string, string> | null {
  if (route.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = route.segments[i]!;
    const part = parts[i]!;
    if (segment.startsWith(":")) params[segment.slice(1)] = part;
    else if (segment !== part) return null;
  }
  return params;
}

function splitPath(path: string): string[] | null {
  let bare = path.split("?", 1)[0] ?? "";
  if (bare.startsWith("/")) bare = bare.slice(1);
  // Express and Hono ignore one trailing slash by default; so does the API.
  if (bare.endsWith("/")) bare = bare.slice(0, -1);
  if (bare === "") return [];
  try {
    return bare.split("/").map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
}

function parseBody(request: ManagementRequest): { ok: true; value: unknown } | { ok: false } {
  if (request.rawBody === undefined) return { ok: true, value: request.body };
  if (request.rawBody.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(request.rawBody) as unknown };
  } catch {
    return { ok: false };
  }
}

const STATUS_BY_CODE = { NOT_FOUND: 404, CONFLICT: 409, INVALID_ARGUMENT: 400 } as const;
const ANSWER_CODE = {
  NOT_FOUND: "not_found",
  CONFLICT: "conflict",
  INVALID_ARGUMENT: "invalid_request",
} as const;

/**
 * Builds the management API once, for every adapter: routing, permission checks, body validation and
 * the mapping of `KeywardError` codes to statuses (NOT_FOUND 404, CONFLICT 409, INVALID_ARGUMENT 400,
 * PRECONDITION_FAILED 412, STORE_UNAVAILABLE 503). Every answer carries `Cache-Control: no-store`.
 *
 * @param keyward - the instance to manage
 * @param options - `Retry-After` of 503 answers
 * @example
 * ```ts
 * const management = createManagementHandler(keyward);
 * const answer = await management.handle({ method: "POST", path: "/keys", body: { userId: "alice" }, principal });
 * ```
 */
export function createManagementHandler(
  keyward: Keyward,
  options: ManagementOptions = {},
): ManagementHandler {
  const unavailable = serviceUnavailable(options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);

  async function handle(request: ManagementRequest): Promise<HttpAnswer> {
    const parts = splitPath(request.path);
    if (parts === null) return NOT_FOUND;
    let route: Route | undefined;
    let params: Record<string, string> | null = null;
    for (const candidate of ROUTES) {
      params = match(candidate, parts);
      if (params !== null) {
        route = candidate;
        break;
      }
    }
    if (route === undefined || params === null) return NOT_FOUND;
    const method = route.methods[request.method.toUpperCase()];
    if (method === undefined) return methodNotAllowed(Object.keys(route.methods));

    const principal = request.principal;
    // The public role never manages anything, whatever its permissions say: a public role with
    // `**` must not hand out admin keys to anonymous callers.
    if (principal === undefined || principal.kind === "public") return AUTHENTICATION_REQUIRED;
    // Own role only: permissions inherited from the public role (`publicInherits`) never manage.
    if (method.permission !== null && !canByOwnRole(principal, method.permission)) return PERMISSION_DENIED;

    const ifMatch = parseIfMatch(request.ifMatch);
    if (ifMatch !== undefined && ifMatch !== "*" && method.versioned !== true) return PRECONDITION_FAILED;
    const body = parseBody(request);
    if (!body.ok) return INVALID_JSON;
    try {
      return await method.run({
        keyward,
        principal,
        params,
        query: request.query ?? {},
        body: body.value,
        ifMatch,
      });
    } catch (error) {
      if (error instanceof ManagementForbidden) {
        return jsonAnswer(403, "permission_denied", { error: error.message });
      }
      if (!isKeywardError(error)) throw error;
      if (error.code === "STORE_UNAVAILABLE") return unavailable;
      // One fixed body, like the other answers of the HTTP table; the message stays in core.
      if (error.code === "PRECONDITION_FAILED") return PRECONDITION_FAILED;
      return jsonAnswer(STATUS_BY_CODE[error.code], ANSWER_CODE[error.code], { error: error.message });
    }
  }

  return { handle };
}
