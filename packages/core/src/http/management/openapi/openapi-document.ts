import { ADMIN_PATHS } from "./admin-paths";
import { BODY_SCHEMAS } from "./body-schemas";
import { FIELD_SCHEMAS, schemaRef } from "./field-schemas";
import { KEY_PATHS } from "./key-paths";
import { operation } from "./operation";
import { RECORD_SCHEMAS } from "./record-schemas";
import { HEADERS, headerRef, jsonContent, RESPONSES } from "./responses";
import type { OpenApiDocument, Parameter, PathItem } from "./types";

/** Options of {@link managementOpenApiDocument}. */
export interface ManagementOpenApiOptions {
  /**
   * The URL the management API is mounted at, e.g. `https://api.example.com/api/keyward`. Default:
   * `"."`, which tools resolve against the URL the document was loaded from: right for the document
   * the API serves at `<mount>/openapi.json`.
   */
  readonly serverUrl?: string;
}

/**
 * The version of the management API's contract, which this document describes: it changes when a
 * route, a body or an answer does, not with every release of the package.
 */
export const MANAGEMENT_API_VERSION = "1.0.0";

const DESCRIPTION = `API keys, roles, users and the public role of a keyward instance. Every path is below the mount point of \`managementRouter\` (Express) or \`managementApp\` (Hono); both answer with the same statuses, headers and bytes.

Every request is authenticated first: send a key in the \`api-key\` header or as \`Authorization: Bearer <key>\` (or where the app's \`headers\` option says; \`api_key\` in the query string only where the app enabled it). Requests without a key, and the public role, are answered 401 everywhere: the public role never manages anything. Each operation names the permission it needs (\`x-keyward-permission\`, and the security requirement's role names); only the key's own role counts.

Every answer carries \`Cache-Control: no-store\`, and every body is JSON (\`application/json; charset=utf-8\`); 204 answers have none. A path the API does not know is answered 404 (\`NotFound\`), a method a path does not answer 405 with \`Allow\` (\`MethodNotAllowed\`), after authentication. Records never hold a plaintext key or a hash; a plaintext key appears only in the answers that issue it, once.`;

const PARAMETERS: Readonly<Record<string, Parameter>> = {
  KeyId: {
    name: "id",
    in: "path",
    required: true,
    description: "The key's id: `id` in its record.",
    schema: schemaRef("Id"),
  },
  RoleAppid: {
    name: "appid",
    in: "path",
    required: true,
    description: "The role's id.",
    schema: schemaRef("Id"),
  },
  UserId: { name: "id", in: "path", required: true, description: "The user's id.", schema: schemaRef("Id") },
  UserIdQuery: {
    name: "userId",
    in: "query",
    description: "Only the keys of this user. Given twice, a 400.",
    schema: schemaRef("Id"),
  },
  RoleQuery: {
    name: "role",
    in: "query",
    description: "Only the app keys with this role. Given twice, a 400.",
    schema: schemaRef("Id"),
  },
  IfMatch: {
    name: "If-Match",
    in: "header",
    description:
      'Change or answer only if the key is at one of these versions (RFC 9110): `"<etag>"`, a list of them, or `*` for any existing key. Weak tags (`W/"…"`) never match, and a malformed value matches nothing.',
    schema: { type: "string" },
  },
};

const DOCUMENT_PATH: PathItem = {
  get: operation("get", {
    operationId: "getOpenApiDocument",
    summary: "This document",
    description:
      "The OpenAPI 3.1 description of the management API. It holds no secrets and no data of the instance.",
    tag: "Document",
    permission: null,
    success: {
      "200": {
        description: "The document.",
        headers: { "Cache-Control": headerRef("CacheControl") },
        content: jsonContent({
          description: "An OpenAPI 3.1 document.",
          type: "object",
          properties: { openapi: { type: "string", pattern: "^3\\.1\\.\\d+$" } },
          required: ["openapi", "info", "paths"],
        }),
      },
    },
  }),
};

/**
 * The OpenAPI 3.1 document of the management API: every route, parameter, request body (with the
 * limits the API enforces), answer, header and security scheme. The API serves it, with the default
 * options, at `GET <mount>/openapi.json`.
 * @param options - the server URL to name
 * @example
 * ```ts
 * const document = managementOpenApiDocument({ serverUrl: "https://api.example.com/api/keyward" });
 * await writeFile("openapi.json", JSON.stringify(document, null, 2));
 * ```
 */
export function managementOpenApiDocument(options: ManagementOpenApiOptions = {}): OpenApiDocument {
  const serverUrl = options.serverUrl ?? ".";
  if (typeof serverUrl !== "string" || serverUrl === "") {
    throw new TypeError("managementOpenApiDocument: serverUrl must be a non-empty string");
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "keyward management API",
      version: MANAGEMENT_API_VERSION,
      description: DESCRIPTION,
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: serverUrl, description: "The mount point of the management API." }],
    tags: [
      { name: "Keys", description: "User keys (`USR-…`) and app keys (`API-…`)." },
      { name: "Own key", description: "What any user key may do to itself." },
      { name: "Roles", description: "Roles and the permission patterns they grant." },
      { name: "Users", description: "Users: an id, a role, and whether they may act." },
      { name: "Settings", description: "The public role." },
      { name: "Document", description: "This description of the API." },
    ],
    security: [{ apiKey: [] }, { bearer: [] }],
    paths: { ...KEY_PATHS, ...ADMIN_PATHS, "/openapi.json": DOCUMENT_PATH },
    components: {
      schemas: { ...FIELD_SCHEMAS, ...BODY_SCHEMAS, ...RECORD_SCHEMAS },
      responses: RESPONSES,
      headers: HEADERS,
      parameters: PARAMETERS,
      securitySchemes: {
        apiKey: {
          type: "apiKey",
          in: "header",
          name: "api-key",
          description: "A key (`USR-…` or `API-…`) in the `api-key` header.",
        },
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "The same key as `Authorization: Bearer <key>`.",
        },
      },
    },
  };
}

/**
 * The document as the text of `docs/openapi.json`: indented by two spaces, with a final newline.
 * @param options - as for {@link managementOpenApiDocument}
 */
export function managementOpenApiJson(options: ManagementOpenApiOptions = {}): string {
  return `${JSON.stringify(managementOpenApiDocument(options), null, 2)}\n`;
}
