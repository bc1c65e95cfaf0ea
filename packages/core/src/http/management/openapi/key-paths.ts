import { jsonSuccess, noContent, operation, parameterRef } from "./operation";
import { responseRef } from "./responses";
import type { PathItem } from "./types";

const KEYS = "keyward/keys/manage";

const AUTHORITY =
  "The key lacks `keyward/keys/manage`, or the key in question acts with more power than the caller may hand out: the super role (only an unscoped super-role key may), or a role granting a management permission the caller lacks.";

const STALE = responseRef(
  "PreconditionFailed",
  "`If-Match` names no current version of the key: it was refreshed or revoked since it was read. Nothing was changed.",
);

/** The paths of `/keys` and `/me/keys/refresh`. */
export const KEY_PATHS: Readonly<Record<string, PathItem>> = {
  "/keys": {
    get: operation("get", {
      operationId: "listKeys",
      summary: "List key records",
      tag: "Keys",
      permission: KEYS,
      parameters: [parameterRef("UserIdQuery"), parameterRef("RoleQuery")],
      success: { "200": jsonSuccess("The records matching the filters, oldest first.", "KeyList") },
    }),
    post: operation("post", {
      operationId: "createKey",
      summary: "Create a user key or an app key",
      description:
        "The answer holds the plaintext key, once; only its hash is stored. A user key for another user is frozen at what that user's role grants now (see `permissions`), unless an unscoped super-role key creates it.",
      tag: "Keys",
      permission: KEYS,
      body: "CreateKeyBody",
      success: { "201": jsonSuccess("The new key and its record.", "IssuedKey", true) },
      errors: {
        "403": responseRef(
          "Forbidden",
          `${AUTHORITY} Or \`permissions\` reaches past what the other user's role grants.`,
        ),
        "404": responseRef("NotFound", "No such user (`userId`) or role (`role`)."),
        "409": responseRef(
          "Conflict",
          "The store already holds a key with this id or secret (both are random: practically never).",
        ),
      },
    }),
  },
  "/keys/{id}": {
    parameters: [parameterRef("KeyId"), parameterRef("IfMatch")],
    get: operation("get", {
      operationId: "getKey",
      summary: "Read a key record",
      tag: "Keys",
      permission: KEYS,
      success: { "200": jsonSuccess("The record.", "KeyRecord", true) },
      errors: { "404": responseRef("NotFound", "No such key."), "412": STALE },
    }),
    delete: operation("delete", {
      operationId: "revokeKey",
      summary: "Revoke a key for good",
      tag: "Keys",
      permission: KEYS,
      success: { "204": noContent("Revoked. Revoking a revoked key is fine.") },
      errors: {
        "403": responseRef("Forbidden", AUTHORITY),
        "404": responseRef("NotFound", "No such key."),
        "412": STALE,
      },
    }),
  },
  "/keys/{id}/refresh": {
    parameters: [parameterRef("KeyId"), parameterRef("IfMatch")],
    post: operation("post", {
      operationId: "refreshKey",
      summary: "Replace a key's secret",
      description:
        "The new secret works from the instant the old one stops working. Without `If-Match` the last writer wins; with it, of any number of racing refreshes exactly one succeeds. A body, if sent, must be JSON and is ignored.",
      tag: "Keys",
      permission: KEYS,
      success: { "200": jsonSuccess("The new key and its record.", "IssuedKey", true) },
      errors: {
        "403": responseRef("Forbidden", AUTHORITY),
        "404": responseRef("NotFound", "No such key."),
        "409": responseRef("Conflict", "A concurrent refresh won, or the key is revoked or expired."),
        "412": STALE,
      },
    }),
  },
  "/me": {
    get: operation("get", {
      operationId: "getCaller",
      summary: "Who the calling key is and what it may manage",
      description:
        "The caller's identity and, for each management permission, whether its own role and scope grant it (grants inherited from the public role never count). Clients show only what the key can use. Any key may call it; the public role gets 401.",
      tag: "Own key",
      permission: null,
      success: { "200": jsonSuccess("The caller.", "Caller") },
    }),
  },
  "/me/keys/refresh": {
    parameters: [parameterRef("IfMatch")],
    post: operation("post", {
      operationId: "refreshOwnKey",
      summary: "Replace the secret of the key making the request",
      description:
        "Only an unscoped user key may refresh itself, and only with the secret that made the request: a secret already rotated away gets 409, not the key back. A body, if sent, must be JSON and is ignored.",
      tag: "Own key",
      permission: null,
      success: { "200": jsonSuccess("The new key and the calling key's record.", "IssuedKey", true) },
      errors: {
        "403": responseRef(
          "Forbidden",
          "An app key or a scoped key: they are refreshed with `keyward/keys/manage`.",
        ),
        "404": responseRef("NotFound", "The calling key is no longer stored."),
        "409": responseRef(
          "Conflict",
          "This secret was already refreshed, a concurrent refresh won, or the key is revoked or expired.",
        ),
        "412": STALE,
      },
    }),
  },
};
