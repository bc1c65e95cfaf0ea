import { nullable, schemaRef } from "./field-schemas";
import type { JsonSchema } from "./types";

// Request bodies: a JSON object holding only the fields listed (anything else is a 400 naming it).

const CREATE_KEY: JsonSchema = {
  description:
    "Exactly one of `userId` (a user key, acting with the user's role) or `role` (an app key). `null` means not set for `name`, `expiresAt` and `permissions`.",
  type: "object",
  properties: {
    userId: schemaRef("Id"),
    role: schemaRef("Id"),
    name: nullable(schemaRef("Name")),
    expiresAt: nullable(schemaRef("DateTimeInput")),
    permissions: {
      description:
        "A narrowing scope. A key minted for another user by anyone but an unscoped super-role key is frozen at what the user's role grants now: its scope is that role's permissions, or this list, which must lie within them.",
      anyOf: [schemaRef("PermissionList"), { type: "null" }],
    },
  },
  oneOf: [{ required: ["userId"] }, { required: ["role"] }],
  additionalProperties: false,
};

const SAVE_ROLE: JsonSchema = {
  description:
    "The role to create or replace. A role that is the public role cannot grant a management permission (`keyward/…/manage`).",
  type: "object",
  properties: {
    appid: { description: "Optional; must equal the appid in the URL.", ...schemaRef("Id") },
    name: schemaRef("Name"),
    permissions: schemaRef("PermissionList"),
  },
  required: ["name", "permissions"],
  additionalProperties: false,
};

const SAVE_USER: JsonSchema = {
  description: "The user to create or replace.",
  type: "object",
  properties: {
    id: { description: "Optional; must equal the id in the URL.", ...schemaRef("Id") },
    role: {
      description: "An existing role, or the super role (`admin` by default).",
      ...schemaRef("Id"),
    },
    active: { description: "Default: true.", type: "boolean" },
  },
  required: ["role"],
  additionalProperties: false,
};

const SET_PUBLIC_ROLE: JsonSchema = {
  description:
    "The role that requests without a key act with, or `null` to refuse them. The role must exist, must not be the super role and must not grant a management permission; the caller must hold everything it grants.",
  type: "object",
  properties: { role: nullable(schemaRef("Id")) },
  required: ["role"],
  additionalProperties: false,
};

/** The schemas of the request bodies. */
export const BODY_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  CreateKeyBody: CREATE_KEY,
  SaveRoleBody: SAVE_ROLE,
  SaveUserBody: SAVE_USER,
  SetPublicRoleBody: SET_PUBLIC_ROLE,
};
