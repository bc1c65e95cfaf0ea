/**
 * The parts of OpenAPI 3.1 that the management API's document uses, typed so that a misspelt field
 * fails to compile. Written out here rather than taken from a types package: core has no
 * dependencies, and these types appear in its published declarations.
 */

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), restricted to the keywords used here. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: JsonType | readonly JsonType[];
  readonly const?: string | number | boolean | null;
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly items?: JsonSchema;
  readonly maxItems?: number;
  readonly contains?: JsonSchema;
  readonly minContains?: number;
  readonly maxContains?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly allOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly not?: JsonSchema;
  readonly examples?: readonly unknown[];
}

/** The JSON Schema `type` names. */
export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/** A Reference Object; in 3.1 it may override the `description` of what it points to. */
export interface Reference {
  readonly $ref: string;
  readonly description?: string;
}

/** A header of a response. */
export interface Header {
  readonly description: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

/** A media type's schema. */
export interface MediaType {
  readonly schema: JsonSchema;
}

/** A Response Object. */
export interface Response {
  readonly description: string;
  readonly headers?: Readonly<Record<string, Header | Reference>>;
  readonly content?: Readonly<Record<string, MediaType>>;
}

/** A path, query or header parameter. */
export interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly description: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

/** A Request Body Object. */
export interface RequestBody {
  readonly description?: string;
  readonly required?: boolean;
  readonly content: Readonly<Record<string, MediaType>>;
}

/** Security requirements: scheme name to the permissions (role names, in OpenAPI's words) it needs. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** An Operation Object, with keyward's `x-keyward-permission` extension. */
export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly (Parameter | Reference)[];
  readonly requestBody?: RequestBody;
  readonly responses: Readonly<Record<string, Response | Reference>>;
  readonly security: readonly SecurityRequirement[];
  /** The management permission the operation needs, or `null` when any key will do. */
  readonly "x-keyward-permission": string | null;
}

/** The HTTP methods the management API answers. */
export type HttpMethod = "get" | "put" | "post" | "delete";

/** A Path Item Object: its operations, and the parameters all of them share. */
export type PathItem = Readonly<Partial<Record<HttpMethod, Operation>>> & {
  readonly parameters?: readonly (Parameter | Reference)[];
};

/** A Security Scheme Object, of the two kinds keyward reads. */
export type SecurityScheme =
  | {
      readonly type: "apiKey";
      readonly in: "header";
      readonly name: string;
      readonly description: string;
    }
  | { readonly type: "http"; readonly scheme: "bearer"; readonly description: string };

/** The root of an OpenAPI 3.1 document. */
export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: {
    readonly title: string;
    readonly version: string;
    readonly description: string;
    readonly license: { readonly name: string; readonly identifier: string };
  };
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly security: readonly SecurityRequirement[];
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly responses: Readonly<Record<string, Response>>;
    readonly headers: Readonly<Record<string, Header>>;
    readonly parameters: Readonly<Record<string, Parameter>>;
    readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  };
}
