import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Exchange } from "./client";
import { matchOpenApiPath } from "./match-openapi-path";

/** An OpenAPI 3.1 document, as far as the contract check reads it. */
export interface ContractDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

interface Located<T> {
  readonly value: T;
  /** Path segments from the document's root to the value, for schema references. */
  readonly at: readonly string[];
}

interface ResponseObject {
  readonly headers?: Record<string, unknown>;
  readonly content?: Record<string, unknown>;
}

interface ParameterObject {
  readonly name: string;
  readonly in: string;
}

/** Headers keyward sets on purpose: one on an answer whose response does not document it is drift. */
const KEYWARD_HEADERS = ["cache-control", "etag", "retry-after", "www-authenticate", "allow"];
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const DOCUMENT_ID = "https://keyward.invalid/management-openapi.json";

/**
 * The answers to requests that match no operation, which OpenAPI cannot attach to one: an unknown
 * path (404) or method (405), besides what any request can get before routing (400 and 401 from
 * authentication, 413 for a body, 503).
 */
const UNMATCHED_PATH: Readonly<Record<string, string>> = {
  "400": "BadRequest",
  "401": "Unauthorized",
  "404": "NotFound",
  "413": "PayloadTooLarge",
  "503": "ServiceUnavailable",
};
const UNMATCHED_METHOD: Readonly<Record<string, string>> = {
  "400": "BadRequest",
  "401": "Unauthorized",
  "405": "MethodNotAllowed",
  "413": "PayloadTooLarge",
  "503": "ServiceUnavailable",
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks one exchange against the document; returns what does not match, empty when all does. */
export type ContractCheck = (exchange: Exchange) => string[];

/**
 * Builds the check of exchanges with an API mounted at `mount` against its OpenAPI 3.1 document:
 * the status must be documented for the operation (or, for requests that match none, be one of the
 * documented answers to those), the body must match the response's JSON Schema (draft 2020-12), its
 * media type the response's, every required header must be there and match its schema, and no
 * header keyward sets (`Cache-Control`, `ETag`, `Retry-After`, `WWW-Authenticate`, `Allow`) may
 * appear undocumented. For a success, the request must be one the document accepts: its body,
 * path parameters and query parameters. Exchanges outside the mount are not looked at.
 * @param document - the OpenAPI document
 * @param mount - the path the API is mounted at, e.g. `/api/keyward`
 */
export function createContractCheck(document: ContractDocument, mount: string): ContractCheck {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(structuredClone(document) as object, DOCUMENT_ID);
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (at: readonly string[]): ValidateFunction => {
    const ref = `${DOCUMENT_ID}#/${at.map((part) => part.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
    let validate = compiled.get(ref);
    if (validate === undefined) {
      validate = ajv.getSchema(ref);
      if (validate === undefined) throw new Error(`conformance: no schema at ${ref}`);
      compiled.set(ref, validate);
    }
    return validate;
  };
  const schemaErrors = (at: readonly string[], value: unknown): string | null => {
    const validate = validatorAt(at);
    return validate(value) ? null : ajv.errorsText(validate.errors, { separator: "; " });
  };

  /** Follows a `$ref` into `components` (one level, as the document uses them). */
  function deref<T>(value: unknown, at: readonly string[]): Located<T> {
    if (isObject(value) && typeof value.$ref === "string") {
      const parts = value.$ref.replace(/^#\//, "").split("/");
      let node: unknown = document;
      for (const part of parts) node = isObject(node) ? node[part] : undefined;
      if (node === undefined) throw new Error(`conformance: unresolved ${value.$ref}`);
      return { value: node as T, at: parts };
    }
    return { value: value as T, at };
  }

  function checkResponse(response: Located<ResponseObject>, exchange: Exchange, label: string): string[] {
    const { reply } = exchange;
    const problems: string[] = [];
    const content = response.value.content;
    if (content === undefined) {
      if (reply.body !== "") problems.push(`${label}: a body where the document has none`);
    } else {
      const media = (reply.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      if (content[media] === undefined) {
        problems.push(`${label}: Content-Type ${JSON.stringify(media)} is not documented`);
      } else {
        let body: unknown;
        try {
          body = JSON.parse(reply.body);
        } catch {
          problems.push(`${label}: the body is not JSON`);
          return problems;
        }
        const errors = schemaErrors([...response.at, "content", media, "schema"], body);
        if (errors !== null) problems.push(`${label}: the body does not match the schema: ${errors}`);
      }
    }
    const documented = new Set<string>();
    for (const [name, raw] of Object.entries(response.value.headers ?? {})) {
      documented.add(name.toLowerCase());
      const header = deref<{ required?: boolean }>(raw, [...response.at, "headers", name]);
      const value = reply.headers.get(name);
      if (value === null) {
        if (header.value.required === true) problems.push(`${label}: header ${name} is missing`);
        continue;
      }
      const errors = schemaErrors([...header.at, "schema"], value);
      if (errors !== null) problems.push(`${label}: header ${name} ${JSON.stringify(value)}: ${errors}`);
    }
    for (const name of KEYWARD_HEADERS) {
      if (reply.headers.has(name) && !documented.has(name)) {
        problems.push(`${label}: header ${name} is sent but not documented`);
      }
    }
    return problems;
  }

  function checkRequest(
    operation: Located<Record<string, unknown>>,
    pathItem: Located<Record<string, unknown>>,
    params: Record<string, string>,
    exchange: Exchange,
    label: string,
  ): string[] {
    const problems: string[] = [];
    const query = new URL(exchange.url).searchParams;
    const declared = [
      ...((pathItem.value.parameters as unknown[] | undefined) ?? []).map((p, i) =>
        deref<ParameterObject>(p, [...pathItem.at, "parameters", String(i)]),
      ),
      ...((operation.value.parameters as unknown[] | undefined) ?? []).map((p, i) =>
        deref<ParameterObject>(p, [...operation.at, "parameters", String(i)]),
      ),
    ];
    for (const parameter of declared) {
      const { name } = parameter.value;
      const value =
        parameter.value.in === "path"
          ? params[name]
          : parameter.value.in === "query"
            ? (query.get(name) ?? undefined)
            : undefined;
      if (value === undefined) continue;
      const errors = schemaErrors([...parameter.at, "schema"], value);
      if (errors !== null)
        problems.push(`${label}: accepted ${parameter.value.in} ${name} the document refuses: ${errors}`);
    }
    if (operation.value.requestBody !== undefined && exchange.requestBody !== undefined) {
      let body: unknown;
      try {
        body = JSON.parse(exchange.requestBody);
      } catch {
        return [...problems, `${label}: accepted a body that is not JSON`];
      }
      const errors = schemaErrors(
        [...operation.at, "requestBody", "content", "application/json", "schema"],
        body,
      );
      if (errors !== null) problems.push(`${label}: accepted a body the document refuses: ${errors}`);
    }
    return problems;
  }

  function checkUnmatched(
    expected: Readonly<Record<string, string>>,
    exchange: Exchange,
    label: string,
    allowed?: readonly string[],
  ): string[] {
    const name = expected[String(exchange.reply.status)];
    if (name === undefined)
      return [`${label}: status ${exchange.reply.status} for a request no operation matches`];
    const problems = checkResponse(
      deref<ResponseObject>({ $ref: `#/components/responses/${name}` }, []),
      exchange,
      label,
    );
    const allow = exchange.reply.headers.get("allow");
    if (allowed !== undefined && allow !== null) {
      const sent = allow.split(",").map((method) => method.trim().toLowerCase());
      if ([...sent].sort().join() !== [...allowed].sort().join()) {
        problems.push(
          `${label}: Allow ${JSON.stringify(allow)} is not the documented methods (${allowed.join(", ")})`,
        );
      }
    }
    return problems;
  }

  return (exchange) => {
    const url = new URL(exchange.url);
    if (url.pathname !== mount && !url.pathname.startsWith(`${mount}/`)) return [];
    const below = url.pathname.slice(mount.length) || "/";
    const label = `${exchange.method} ${url.pathname}${url.search} → ${exchange.reply.status}`;
    const matched = matchOpenApiPath(Object.keys(document.paths), below);
    if (matched === null) return checkUnmatched(UNMATCHED_PATH, exchange, label);
    const pathItem: Located<Record<string, unknown>> = {
      value: document.paths[matched.template] as Record<string, unknown>,
      at: ["paths", matched.template],
    };
    const method = exchange.method.toLowerCase();
    const raw = pathItem.value[method];
    if (!METHODS.includes(method) || raw === undefined) {
      const documented = METHODS.filter((name) => pathItem.value[name] !== undefined);
      return checkUnmatched(UNMATCHED_METHOD, exchange, label, documented);
    }
    const operation: Located<Record<string, unknown>> = {
      value: raw as Record<string, unknown>,
      at: [...pathItem.at, method],
    };
    const status = String(exchange.reply.status);
    const responses = operation.value.responses as Record<string, unknown>;
    if (responses[status] === undefined) {
      return [`${label}: status ${status} is not documented for ${method.toUpperCase()} ${matched.template}`];
    }
    const response = deref<ResponseObject>(responses[status], [...operation.at, "responses", status]);
    const problems = checkResponse(response, exchange, label);
    if (status.startsWith("2")) {
      problems.push(...checkRequest(operation, pathItem, matched.params, exchange, label));
    }
    return problems;
  };
}
