import { MANAGEMENT_PERMISSIONS } from "../../../management-permissions";
import { nullable, schemaRef } from "./field-schemas";
import type { JsonSchema } from "./types";

// Answers are described exactly: every field required, no other field allowed. A record that grew a
// field (a hash a store left behind) no longer matches, and the contract test says so. Values read
// back from a store are plain strings here, not the stricter input formats: data written before a
// rule existed is still answered.

const TIMESTAMP: JsonSchema = { type: "string", format: "date-time" };

/** A stored object's fields, each required, nothing else allowed. */
const exactObject = (description: string, properties: Readonly<Record<string, JsonSchema>>): JsonSchema => ({
  description,
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const KEY_RECORD = exactObject("A key's record. Never holds the plaintext key or its hash.", {
  id: { description: "Stable id; survives refreshes.", type: "string", minLength: 1 },
  kind: { description: "`user` (`USR-…`) or `app` (`API-…`).", type: "string", enum: ["user", "app"] },
  start: {
    description: "Display hint: the prefix and the first 8 hex characters of the secret.",
    type: "string",
    pattern: "^(?:USR|API)-[0-9a-f]{8}$",
  },
  userId: { description: "Owner of a user key; `null` for app keys.", type: ["string", "null"] },
  role: {
    description: "Role of an app key; `null` for user keys, which act with their owner's role.",
    type: ["string", "null"],
  },
  name: { type: ["string", "null"] },
  permissions: {
    description: "Narrowing scope: the key may do only what both its role and this list allow.",
    anyOf: [{ type: "array", items: { type: "string" } }, { type: "null" }],
  },
  expiresAt: nullable(TIMESTAMP),
  createdAt: TIMESTAMP,
  lastUsedAt: nullable(TIMESTAMP),
  revokedAt: nullable(TIMESTAMP),
  etag: {
    description:
      "The version of the key's secret and revocation state, quotes included, as the `ETag` header carries it: send it back in `If-Match`.",
    type: "string",
    pattern: '^"[0-9a-f]{16}"$',
  },
});

const ISSUED_KEY = exactObject("A new secret, shown this once, and its key's record.", {
  key: {
    description: "The plaintext key: `USR-` or `API-` and 40 lowercase hex characters.",
    type: "string",
    pattern: "^(?:USR|API)-[0-9a-f]{40}$",
  },
  record: schemaRef("KeyRecord"),
});

const ROLE = exactObject("A role: an id, a display name and the permission patterns it grants.", {
  appid: { type: "string", minLength: 1 },
  name: { type: "string" },
  permissions: { type: "array", items: { type: "string" } },
});

const USER = exactObject("A user as keyward knows it.", {
  id: { type: "string", minLength: 1 },
  role: { type: "string", minLength: 1 },
  active: { description: "An inactive user's keys do not authenticate.", type: "boolean" },
});

const CALLER = exactObject("The calling key and what it may manage.", {
  kind: {
    description: "`user` or `app` (the public role cannot call).",
    type: "string",
    enum: ["user", "app"],
  },
  userId: { description: "The owner of a user key; `null` for app keys.", type: ["string", "null"] },
  keyId: { description: "The calling key's id.", type: ["string", "null"] },
  role: { description: "The role the key acts with; `null` when it has none.", type: ["string", "null"] },
  scoped: { description: "The key is narrowed to a scope of its own.", type: "boolean" },
  manages: exactObject(
    "For each management permission, whether the key's own role and scope grant it.",
    Object.fromEntries(
      MANAGEMENT_PERMISSIONS.map((permission) => [permission, { type: "boolean" } satisfies JsonSchema]),
    ),
  ),
});

const list = (field: string, item: string, description: string): JsonSchema =>
  exactObject(description, { [field]: { type: "array", items: schemaRef(item) } });

/** The schemas of the API's answers. */
export const RECORD_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  Caller: CALLER,
  KeyRecord: KEY_RECORD,
  IssuedKey: ISSUED_KEY,
  KeyList: list("keys", "KeyRecord", "Key records, oldest first."),
  Role: ROLE,
  RoleList: list("roles", "Role", "All roles, ordered by appid."),
  User: USER,
  UserList: list("users", "User", "All users, ordered by id."),
  PublicRole: exactObject("The public role.", {
    role: {
      description:
        "The appid of the role that requests without a key act with; `null`: such requests get 401.",
      type: ["string", "null"],
    },
  }),
  Error: exactObject("Every error answer.", {
    error: { description: "What went wrong, for people; never key material.", type: "string", minLength: 1 },
  }),
};
