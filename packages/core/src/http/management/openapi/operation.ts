import { schemaRef } from "./field-schemas";
import { headerRef, jsonContent, responseRef } from "./responses";
import type { HttpMethod, Operation, Parameter, Reference, RequestBody, Response } from "./types";

/** The names of the two security schemes: the `api-key` header and `Authorization: Bearer`. */
export const SECURITY_SCHEMES = ["apiKey", "bearer"] as const;

/** `$ref` to a parameter of the document's `components.parameters`. */
export const parameterRef = (name: string): Reference => ({ $ref: `#/components/parameters/${name}` });

/** What an operation does, and what it needs beyond what every operation has. */
export interface OperationSpec {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** The management permission needed; `null`: any key, never the public role. */
  readonly permission: string | null;
  readonly parameters?: readonly (Parameter | Reference)[];
  /** The name of the request body's schema in `components.schemas`. */
  readonly body?: string;
  /** The success answers, by status. */
  readonly success: Readonly<Record<string, Response>>;
  /** Answers beyond the common ones (404, 409), or a common one said more exactly. */
  readonly errors?: Readonly<Record<string, Reference>>;
}

/** A 200 or 201 answer with a JSON body, and `ETag` when it carries one key record. */
export function jsonSuccess(description: string, schema: string, etag = false): Response {
  return {
    description,
    headers: etag
      ? { "Cache-Control": headerRef("CacheControl"), ETag: headerRef("ETag") }
      : { "Cache-Control": headerRef("CacheControl") },
    content: jsonContent(schemaRef(schema)),
  };
}

/** A 204 answer. */
export function noContent(description: string): Response {
  return { description, headers: { "Cache-Control": headerRef("CacheControl") } };
}

/**
 * Builds an operation with the answers every operation can give: 400 (malformed credentials, a bad
 * body or value), 401, 403 when a permission is needed, 412 (`If-Match`), 413 for methods whose body
 * the adapters read, and 503 (the store failed, during authentication or the operation).
 * @param method - the HTTP method
 * @param spec - the operation
 */
export function operation(method: HttpMethod, spec: OperationSpec): Operation {
  const readsBody = method === "post" || method === "put";
  const responses: Record<string, Response | Reference> = {
    ...spec.success,
    "400": responseRef("BadRequest"),
    "401": responseRef("Unauthorized"),
    ...(spec.permission === null ? {} : { "403": responseRef("Forbidden") }),
    "412": responseRef("PreconditionFailed"),
    ...(readsBody ? { "413": responseRef("PayloadTooLarge") } : {}),
    "503": responseRef("ServiceUnavailable"),
    ...spec.errors,
  };
  const scopes = spec.permission === null ? [] : [spec.permission];
  const needs =
    spec.permission === null
      ? "Needs any key (the public role is refused); no permission."
      : `Needs \`${spec.permission}\` in the key's own role.`;
  const requestBody: RequestBody | undefined =
    spec.body === undefined ? undefined : { required: true, content: jsonContent(schemaRef(spec.body)) };
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description === undefined ? needs : `${spec.description}\n\n${needs}`,
    tags: [spec.tag],
    ...(spec.parameters === undefined ? {} : { parameters: spec.parameters }),
    ...(requestBody === undefined ? {} : { requestBody }),
    // Status codes are integer-like keys: objects list them in ascending order whatever the order here.
    responses,
    security: SECURITY_SCHEMES.map((scheme) => ({ [scheme]: scopes })),
    "x-keyward-permission": spec.permission,
  };
}
