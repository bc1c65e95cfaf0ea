/**
 * A ready HTTP answer, identical whatever framework sends it. `body` is pre-serialised JSON, so the
 * Express and Hono adapters send the same bytes.
 */
export interface HttpAnswer {
  readonly status: number;
  /** Header names are lowercase. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body as a string; absent for 204. */
  readonly body?: string;
  /** A stable machine-readable name of the outcome, for `onError` hooks and logs. */
  readonly code: HttpAnswerCode;
}

/** The stable names of {@link HttpAnswer.code}. */
export type HttpAnswerCode =
  | "ok"
  | "authentication_required"
  | "authentication_failed"
  | "permission_denied"
  | "conflicting_credentials"
  | "query_key_disabled"
  | "service_unavailable"
  | "invalid_request"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "precondition_failed"
  | "misplaced_credential";

/** The realm named in every `WWW-Authenticate` challenge. */
export const AUTH_REALM = "keyward";

/** `Content-Type` of every JSON answer. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** How long clients should wait after a 503, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * Builds a JSON answer with the headers every answer carries (`Content-Type`, `Cache-Control:
 * no-store`). Answers to authentication are never cacheable: they depend on a secret header.
 * @param status - the HTTP status
 * @param code - the outcome's stable name
 * @param value - the value to serialise
 * @param extraHeaders - more headers, lowercase names
 */
export function jsonAnswer(
  status: number,
  code: HttpAnswerCode,
  value: unknown,
  extraHeaders: Readonly<Record<string, string>> = {},
): HttpAnswer {
  return Object.freeze({
    status,
    code,
    headers: Object.freeze({
      "content-type": JSON_CONTENT_TYPE,
      "cache-control": "no-store",
      ...extraHeaders,
    }),
    body: JSON.stringify(value),
  });
}

/**
 * A 204 answer: no body, `Cache-Control: no-store` only.
 */
export function noContentAnswer(): HttpAnswer {
  return NO_CONTENT;
}

const NO_CONTENT: HttpAnswer = Object.freeze({
  status: 204,
  code: "ok",
  headers: Object.freeze({ "cache-control": "no-store" }),
});

/** 401: no key was sent and no public role lets the request through (or it lacks the permission). */
export const AUTHENTICATION_REQUIRED: HttpAnswer = jsonAnswer(
  401,
  "authentication_required",
  { error: "Authentication required" },
  { "www-authenticate": `Bearer realm="${AUTH_REALM}"` },
);

/**
 * 401: a key was sent but it is malformed, unknown, revoked, expired or its owner is inactive. One
 * answer, byte for byte, for all of them: a client must not learn which.
 */
export const AUTHENTICATION_FAILED: HttpAnswer = jsonAnswer(
  401,
  "authentication_failed",
  { error: "Authentication failed" },
  { "www-authenticate": `Bearer realm="${AUTH_REALM}", error="invalid_token"` },
);

/** 403: an authenticated caller lacks the permission. */
export const PERMISSION_DENIED: HttpAnswer = jsonAnswer(403, "permission_denied", {
  error: "Permission denied",
});

/** 400: two different keys in one request. */
export const CONFLICTING_CREDENTIALS: HttpAnswer = jsonAnswer(400, "conflicting_credentials", {
  error: "Conflicting credentials",
});

/** 400: `api_key` in the query string while `allowQueryKey` is off. */
export const QUERY_KEY_DISABLED: HttpAnswer = jsonAnswer(400, "query_key_disabled", {
  error:
    "API keys in the query string are not accepted: send the key in the api-key header (or Authorization: Bearer)",
});

/**
 * 400: something shaped like a keyward key (`USR-…`/`API-…`) was sent where keyward does not read
 * keys: another header (`x-api-key`), another query parameter (`?token=`), or another
 * `Authorization` scheme. Ignoring it would run the request as the public role while the client
 * believes its key works.
 */
export const MISPLACED_CREDENTIAL: HttpAnswer = jsonAnswer(400, "misplaced_credential", {
  error:
    "An API key was sent where it is not read: send it in the api-key header or as Authorization: Bearer <key>",
});

/**
 * The 400 for a key sent where it is not read, naming the places an app configured with `headers`.
 * @param keyHeaders - lower-case names of the headers that carry a bare key
 * @param bearer - whether `Authorization: Bearer <key>` is read
 */
export function misplacedCredentialAnswer(keyHeaders: readonly string[], bearer: boolean): HttpAnswer {
  const places = keyHeaders.map((name) => `in the ${name} header`);
  if (bearer) places.push("as Authorization: Bearer <key>");
  const where = places.length === 1 ? places[0] : `${places.slice(0, -1).join(", ")} or ${places.at(-1)}`;
  return jsonAnswer(400, "misplaced_credential", {
    error: `An API key was sent where it is not read: send it ${where}`,
  });
}

/** 412: an `If-Match` precondition no longer holds (the record changed since it was read). */
export const PRECONDITION_FAILED: HttpAnswer = jsonAnswer(412, "precondition_failed", {
  error: "Precondition failed",
});

/** 400: a request body that is not valid JSON. */
export const INVALID_JSON: HttpAnswer = jsonAnswer(400, "invalid_request", {
  error: "The request body must be valid JSON",
});

/** The largest management request body accepted, in bytes (a role with many permissions fits easily). */
export const MANAGEMENT_BODY_LIMIT = 102_400;

/** 413: a management request body over {@link MANAGEMENT_BODY_LIMIT}. */
export const PAYLOAD_TOO_LARGE: HttpAnswer = jsonAnswer(413, "invalid_request", {
  error: "The request body is too large",
});

/** 404 for routes the management API does not know. */
export const NOT_FOUND: HttpAnswer = jsonAnswer(404, "not_found", { error: "Not found" });

const unavailableByDelay = new Map<number, HttpAnswer>();

/**
 * 503: the store failed or was too slow. Never 401 and never the public role: an outage must not
 * look like a wrong key, nor open the API.
 * @param retryAfterSeconds - the `Retry-After` value
 */
export function serviceUnavailable(retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS): HttpAnswer {
  let answer = unavailableByDelay.get(retryAfterSeconds);
  if (answer === undefined) {
    answer = jsonAnswer(
      503,
      "service_unavailable",
      { error: "Service unavailable" },
      { "retry-after": String(retryAfterSeconds) },
    );
    unavailableByDelay.set(retryAfterSeconds, answer);
  }
  return answer;
}

/**
 * 405 with the `Allow` header listing the methods the route answers.
 * @param allowed - the methods of the route
 */
export function methodNotAllowed(allowed: readonly string[]): HttpAnswer {
  return jsonAnswer(
    405,
    "method_not_allowed",
    { error: "Method not allowed" },
    { allow: allowed.join(", ") },
  );
}
