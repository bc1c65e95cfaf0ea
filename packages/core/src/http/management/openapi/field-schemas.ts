import {
  MAX_PATTERN_LENGTH,
  MAX_PATTERN_SEGMENTS,
  MAX_PATTERNS,
  MAX_WILDCARD_PATTERNS,
} from "../../../permissions/syntax";
import type { JsonSchema } from "./types";

/** `$ref` to a schema of the document's `components.schemas`. */
export const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** `schema` or JSON `null`. */
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: "null" }] });

// The expressions below restate core's validators in JSON Schema's dialect of regular expressions
// (ECMA-262 without flags); a test feeds the same inputs to both and requires the same verdicts.

/** Ids of users and roles, and ids in URLs: what `requireId` accepts. */
const ID: JsonSchema = {
  description:
    "1-128 letters, digits or `_ . : @ + -`, not starting with one of `. : @ + -`. A value that looks like an API key (`USR-` or `API-` and 8 hex characters, any case) is refused: keys are never ids.",
  type: "string",
  pattern: "^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,127}$",
  not: { type: "string", pattern: "[Uu][Ss][Rr]-[0-9A-Fa-f]{8}|[Aa][Pp][Ii]-[0-9A-Fa-f]{8}" },
};

/** Display names of roles and keys: what `requireName` accepts. */
const NAME: JsonSchema = {
  description:
    "1-200 characters (UTF-16 code units), not only white space, without control characters (U+0000-U+001F, U+007F).",
  type: "string",
  minLength: 1,
  maxLength: 200,
  pattern: "^(?=[\\s\\S]*\\S)[^\\u0000-\\u001f\\u007f]*$",
};

const SEGMENT = "[A-Za-z0-9_.:-]+";

/** One permission pattern, as `validatePermissionPatterns` parses it. */
const PERMISSION_PATTERN: JsonSchema = {
  description: `A permission pattern: an optional leading \`!\` (deny), then \`/\`-separated segments of letters, digits and \`_ - . :\`. A segment may be \`*\` (any one segment); a last segment \`**\` matches one or more remaining segments. \`.\` and \`..\` are not segments. At most ${MAX_PATTERN_LENGTH} characters and ${MAX_PATTERN_SEGMENTS} segments.`,
  type: "string",
  minLength: 1,
  maxLength: MAX_PATTERN_LENGTH,
  pattern: `^!?(?:(?:\\*|(?!\\.\\.?/)${SEGMENT})/){0,${MAX_PATTERN_SEGMENTS - 1}}(?:\\*\\*?|(?!\\.\\.?$)${SEGMENT})$`,
  examples: ["content/posts/read", "content/*/update", "!content/secret/**"],
};

/** A list of patterns: a role's permissions, or a key's narrowing scope. */
const PERMISSION_LIST: JsonSchema = {
  description: `At most ${MAX_PATTERNS} patterns, of which at most ${MAX_WILDCARD_PATTERNS} hold a \`*\` or \`**\`.`,
  type: "array",
  maxItems: MAX_PATTERNS,
  items: schemaRef("PermissionPattern"),
  contains: { type: "string", pattern: "\\*" },
  minContains: 0,
  maxContains: MAX_WILDCARD_PATTERNS,
};

/** A date-time as `expiresAt` takes it: ISO-8601 with a zone. */
const DATE_TIME_INPUT: JsonSchema = {
  description:
    "An ISO-8601 date-time with a zone (`Z` or `+hh:mm`), seconds and fractions optional, e.g. `2030-01-01T00:00:00Z`. It must be a real date, and in the future.",
  type: "string",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})$",
};

/** The field schemas request bodies and parameters share. */
export const FIELD_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  Id: ID,
  Name: NAME,
  PermissionPattern: PERMISSION_PATTERN,
  PermissionList: PERMISSION_LIST,
  DateTimeInput: DATE_TIME_INPUT,
};
