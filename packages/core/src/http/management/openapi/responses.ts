import {
  AUTHENTICATION_FAILED,
  AUTHENTICATION_REQUIRED,
  type HttpAnswer,
  MANAGEMENT_BODY_LIMIT,
  methodNotAllowed,
  PAYLOAD_TOO_LARGE,
  PERMISSION_DENIED,
  PRECONDITION_FAILED,
  serviceUnavailable,
} from "../../answers";
import { schemaRef } from "./field-schemas";
import type { Header, JsonSchema, Reference, Response } from "./types";

/** `$ref` to a header of the document's `components.headers`. */
export const headerRef = (name: string): Reference => ({ $ref: `#/components/headers/${name}` });

/** `$ref` to a response of the document's `components.responses`, optionally said more exactly. */
export const responseRef = (name: string, description?: string): Reference =>
  description === undefined
    ? { $ref: `#/components/responses/${name}` }
    : { $ref: `#/components/responses/${name}`, description };

// The fixed messages and challenges are read from the answers themselves, so the document cannot
// disagree with what is sent.
const messageOf = (answer: HttpAnswer): string =>
  (JSON.parse(answer.body ?? "{}") as { error: string }).error;
const challengeOf = (answer: HttpAnswer): string => answer.headers["www-authenticate"] ?? "";

const JSON_MEDIA = "application/json";

/** A JSON body of the given schema. */
export const jsonContent = (schema: JsonSchema) => ({ [JSON_MEDIA]: { schema } });

/** An error body whose message is one of `messages` (any message when there are none). */
const errorBody = (...messages: string[]) =>
  jsonContent(
    messages.length === 0
      ? schemaRef("Error")
      : { allOf: [schemaRef("Error"), { properties: { error: { enum: messages } } }] },
  );

/** The headers of the document's `components.headers`. */
export const HEADERS: Readonly<Record<string, Header>> = {
  CacheControl: {
    description:
      "Every answer of the management API: some carry a plaintext key, and all depend on the key that was sent.",
    required: true,
    schema: { type: "string", const: "no-store" },
  },
  ETag: {
    description:
      "The key record's version, equal to its `etag`: send it in `If-Match` to change only that version.",
    required: true,
    schema: { type: "string", pattern: '^"[0-9a-f]{16}"$' },
  },
  RetryAfter: {
    description: "Seconds to wait before trying again.",
    required: true,
    schema: { type: "string", pattern: "^[0-9]+$" },
  },
  WWWAuthenticate: {
    description: '`error="invalid_token"` when a key was sent and failed.',
    required: true,
    schema: {
      type: "string",
      enum: [challengeOf(AUTHENTICATION_REQUIRED), challengeOf(AUTHENTICATION_FAILED)],
    },
  },
  Allow: {
    description: "The methods the path answers.",
    required: true,
    schema: { type: "string", pattern: "^[A-Z]+(?:, [A-Z]+)*$" },
  },
  Connection: {
    description: "What is left of an oversized body must not be read as the next request.",
    required: true,
    schema: { type: "string", const: "close" },
  },
};

/** An error response: the `Error` body and `Cache-Control`, plus `headers`. */
const error = (
  description: string,
  body: ReturnType<typeof errorBody>,
  headers: Readonly<Record<string, Reference>> = {},
): Response => ({
  description,
  headers: { "Cache-Control": headerRef("CacheControl"), ...headers },
  content: body,
});

/** The error responses of the document's `components.responses`. */
export const RESPONSES: Readonly<Record<string, Response>> = {
  BadRequest: error(
    "The body is not JSON or not valid (the message names the field), a path or query value is not a valid id, or the credentials are malformed: two different keys, a key in the query string while that is off, or a key sent where keys are not read.",
    errorBody(),
  ),
  Unauthorized: error(
    `No key was sent, or none but the public role's, which never manages anything (\`${messageOf(AUTHENTICATION_REQUIRED)}\`); or the key is malformed, unknown, revoked, expired or its owner inactive (\`${messageOf(AUTHENTICATION_FAILED)}\`, the same answer for all of them).`,
    errorBody(messageOf(AUTHENTICATION_REQUIRED), messageOf(AUTHENTICATION_FAILED)),
    { "WWW-Authenticate": headerRef("WWWAuthenticate") },
  ),
  Forbidden: error(
    `The key's own role lacks the permission the operation needs (\`${messageOf(PERMISSION_DENIED)}\`); permissions lent by the public role never count.`,
    errorBody(),
  ),
  NotFound: error(
    "No such object (the message names it); for paths the API does not know, `Not found`.",
    errorBody(),
  ),
  MethodNotAllowed: error(
    "The path exists but does not answer this method.",
    errorBody(messageOf(methodNotAllowed([]))),
    { Allow: headerRef("Allow") },
  ),
  Conflict: error("The change collides with the current state; the message says how.", errorBody()),
  PreconditionFailed: error(
    "`If-Match` names no current version of the key; on an operation without versions, any `If-Match` but `*`. Nothing was changed.",
    errorBody(messageOf(PRECONDITION_FAILED)),
  ),
  PayloadTooLarge: error(
    `The body is over ${MANAGEMENT_BODY_LIMIT} bytes. It is read to its end (up to 1 MiB) before this answer, and the connection closes after it.`,
    errorBody(messageOf(PAYLOAD_TOO_LARGE)),
    { Connection: headerRef("Connection") },
  ),
  ServiceUnavailable: error(
    "The store failed or was too slow. Never a 401 and never the public role's permissions.",
    errorBody(messageOf(serviceUnavailable())),
    { "Retry-After": headerRef("RetryAfter") },
  ),
};
