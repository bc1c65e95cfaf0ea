import { KeywardError } from "../../errors";
import { type IfMatch, ifMatchHolds } from "../../key-etag";
import type { IssuedKey } from "../../keys-api";
import type { Keyward } from "../../keyward";
import { MANAGEMENT_PERMISSIONS } from "../../management-permissions";
import { canByOwnRole, type Principal, principalCredential } from "../../principal";
import { quoteInput } from "../../redact";
import { type HttpAnswer, jsonAnswer, noContentAnswer, PRECONDITION_FAILED } from "../answers";
import {
  delegatedUserKeyScope,
  ManagementForbidden,
  requireAuthorityOver,
  requireHoldsRole,
  roleOfKey,
  roleOfUser,
} from "./authority";
import { requireBodyObject, requireIsoDate, requireSameId } from "./body";
import { openApiAnswer } from "./openapi/openapi-answer";
import { issuedKeyJson, keyRecordJson, roleJson, userJson } from "./serialize";

/** What a route handler receives once routing and the permission check passed. */
export interface RouteContext {
  readonly keyward: Keyward;
  readonly principal: Principal;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
  /** The request's `If-Match`, parsed; `undefined` when it has none. */
  readonly ifMatch: IfMatch | undefined;
}

/** One method of one route: the permission it needs (`null`: any key, not the public role) and what it does. */
export interface RouteMethod {
  readonly permission: string | null;
  readonly run: (ctx: RouteContext) => Promise<HttpAnswer>;
  /**
   * The route evaluates `If-Match` against a version (key records). Elsewhere there is no version
   * to compare with: an `If-Match` other than `*` can never be met there, so it is answered 412
   * rather than ignored (RFC 9110 §13.1.1).
   */
  readonly versioned?: true;
}

/** A route: path segments (`:name` captures one) and its methods. */
export interface Route {
  readonly segments: readonly string[];
  readonly methods: Readonly<Record<string, RouteMethod>>;
}

const KEYS = "keyward/keys/manage";
const ROLES = "keyward/roles/manage";
const USERS = "keyward/users/manage";
const SETTINGS = "keyward/settings/manage";

const ok = (value: unknown): HttpAnswer => jsonAnswer(200, "ok", value);
/** An issued key with its record's version in `ETag`, so a client can make its next change conditional. */
const issuedAnswer = (status: 200 | 201, issued: IssuedKey): HttpAnswer =>
  jsonAnswer(status, "ok", issuedKeyJson(issued), { etag: issued.record.etag });
/** Only what the precondition needs: routes without one pass no option at all. */
/** The caller, reported as the `actor` of the events the change emits. */
const by = (ctx: RouteContext) => ({ actor: ctx.principal });
const conditional = (ctx: RouteContext) =>
  ctx.ifMatch === undefined ? by(ctx) : { ...by(ctx), ifMatch: ctx.ifMatch };
const param = (ctx: RouteContext, name: string): string => ctx.params[name] ?? "";

function notFound(message: string): never {
  throw new KeywardError("NOT_FOUND", message);
}

async function createKey(ctx: RouteContext): Promise<HttpAnswer> {
  const body = requireBodyObject(ctx.body, ["userId", "role", "name", "expiresAt", "permissions"]);
  const input: Record<string, unknown> = { ...body };
  if (body.expiresAt !== undefined && body.expiresAt !== null) {
    input.expiresAt = requireIsoDate("expiresAt", body.expiresAt);
  } else {
    delete input.expiresAt;
  }
  // `null` in JSON means "not set" for the optional fields.
  if (body.name === null) delete input.name;
  if (body.permissions === null) delete input.permissions;
  // Who the key would act as: the named role, or the named user's role.
  const targetRole =
    typeof body.userId === "string"
      ? await roleOfUser(ctx.keyward, body.userId)
      : typeof body.role === "string"
        ? body.role
        : null;
  await requireAuthorityOver(ctx.keyward, ctx.principal, targetRole);
  // A key for the caller's own user acts with the caller's own role: nothing to freeze.
  if (typeof body.userId === "string" && body.userId !== ctx.principal.userId) {
    const scope = await delegatedUserKeyScope(ctx.keyward, ctx.principal, targetRole, input.permissions);
    if (scope !== undefined) input.permissions = scope;
  }
  return issuedAnswer(201, await ctx.keyward.keys.create(input, by(ctx)));
}

async function listKeys(ctx: RouteContext): Promise<HttpAnswer> {
  const filter: { userId?: string; role?: string } = {};
  if (ctx.query.userId !== undefined) filter.userId = ctx.query.userId as string;
  if (ctx.query.role !== undefined) filter.role = ctx.query.role as string;
  const keys = await ctx.keyward.keys.list(filter);
  return ok({ keys: keys.map(keyRecordJson) });
}

/** The management API as data: adapters never see it, they call the handler. */
export const ROUTES: readonly Route[] = [
  {
    segments: ["keys"],
    methods: {
      GET: { permission: KEYS, run: listKeys },
      POST: { permission: KEYS, run: createKey },
    },
  },
  {
    segments: ["keys", ":id"],
    methods: {
      GET: {
        permission: KEYS,
        versioned: true,
        run: async (ctx) => {
          const record = await ctx.keyward.keys.get(param(ctx, "id"));
          if (record === null) return notFound(`Unknown key ${quoteInput(param(ctx, "id"))}`);
          if (ctx.ifMatch !== undefined && !ifMatchHolds(record.etag, ctx.ifMatch))
            return PRECONDITION_FAILED;
          return jsonAnswer(200, "ok", keyRecordJson(record), { etag: record.etag });
        },
      },
      DELETE: {
        permission: KEYS,
        versioned: true,
        run: async (ctx) => {
          await requireAuthorityOver(
            ctx.keyward,
            ctx.principal,
            await roleOfKey(ctx.keyward, param(ctx, "id")),
          );
          await ctx.keyward.keys.revoke(param(ctx, "id"), conditional(ctx));
          return noContentAnswer();
        },
      },
    },
  },
  {
    segments: ["keys", ":id", "refresh"],
    methods: {
      POST: {
        permission: KEYS,
        versioned: true,
        run: async (ctx) => {
          // A refresh hands the caller a working secret: the same authority as creating the key.
          await requireAuthorityOver(
            ctx.keyward,
            ctx.principal,
            await roleOfKey(ctx.keyward, param(ctx, "id")),
          );
          return issuedAnswer(200, await ctx.keyward.keys.refresh(param(ctx, "id"), conditional(ctx)));
        },
      },
    },
  },
  {
    segments: ["me"],
    methods: {
      GET: {
        permission: null,
        // Who the caller is and what it may manage, so a client (the admin console) shows only what
        // it can use instead of probing routes for 403s. Grants it inherits from the public role
        // never count: they are no authority to manage.
        run: async (ctx) =>
          ok({
            kind: ctx.principal.kind,
            userId: ctx.principal.userId,
            keyId: ctx.principal.keyId,
            role: ctx.principal.role,
            scoped: principalCredential(ctx.principal)?.scoped === true,
            manages: Object.fromEntries(
              MANAGEMENT_PERMISSIONS.map((permission) => [
                permission,
                canByOwnRole(ctx.principal, permission),
              ]),
            ),
          }),
      },
    },
  },
  {
    segments: ["me", "keys", "refresh"],
    methods: {
      POST: {
        permission: null,
        versioned: true,
        run: async (ctx) => {
          // Any user key, and only user keys. App keys often sit in front-ends where anyone could
          // read them and rotate them away; scoped keys were narrowed to something else.
          if (ctx.principal.kind !== "user") {
            throw new ManagementForbidden(
              "Only user keys can refresh themselves; refresh app keys with keyward/keys/manage",
            );
          }
          if (principalCredential(ctx.principal)?.scoped === true) {
            throw new ManagementForbidden(
              "A scoped key cannot refresh itself; ask for a refresh with keyward/keys/manage",
            );
          }
          const keyId = ctx.principal.keyId ?? notFound("No key made this request");
          // Only the secret that made this request may be replaced: a leaked secret that was
          // already rotated away gets 409, not the key back.
          const issued = await ctx.keyward.keys.refresh(keyId, {
            presentedBy: ctx.principal,
            ...conditional(ctx),
          });
          return issuedAnswer(200, issued);
        },
      },
    },
  },
  {
    segments: ["roles"],
    methods: {
      GET: {
        permission: ROLES,
        run: async (ctx) => ok({ roles: (await ctx.keyward.roles.list()).map(roleJson) }),
      },
    },
  },
  {
    segments: ["roles", ":appid"],
    methods: {
      GET: {
        permission: ROLES,
        run: async (ctx) => {
          const role = await ctx.keyward.roles.get(param(ctx, "appid"));
          return role === null
            ? notFound(`Unknown role ${quoteInput(param(ctx, "appid"))}`)
            : ok(roleJson(role));
        },
      },
      PUT: {
        permission: ROLES,
        run: async (ctx) => {
          const body = requireBodyObject(ctx.body, ["appid", "name", "permissions"]);
          requireSameId(body, "appid", param(ctx, "appid"));
          const role = await ctx.keyward.roles.save(
            {
              appid: param(ctx, "appid"),
              name: body.name as string,
              permissions: body.permissions as string[],
            },
            by(ctx),
          );
          return ok(roleJson(role));
        },
      },
      DELETE: {
        permission: ROLES,
        run: async (ctx) => {
          await ctx.keyward.roles.remove(param(ctx, "appid"), by(ctx));
          return noContentAnswer();
        },
      },
    },
  },
  {
    segments: ["users"],
    methods: {
      GET: {
        permission: USERS,
        run: async (ctx) => ok({ users: (await ctx.keyward.users.list()).map(userJson) }),
      },
    },
  },
  {
    segments: ["users", ":id"],
    methods: {
      GET: {
        permission: USERS,
        run: async (ctx) => {
          const user = await ctx.keyward.users.get(param(ctx, "id"));
          return user === null
            ? notFound(`Unknown user ${quoteInput(param(ctx, "id"))}`)
            : ok(userJson(user));
        },
      },
      PUT: {
        permission: USERS,
        run: async (ctx) => {
          const body = requireBodyObject(ctx.body, ["id", "role", "active"]);
          requireSameId(body, "id", param(ctx, "id"));
          // Both the role given and the role taken away: no promoting past oneself, no demoting
          // (or deactivating) someone more powerful.
          await requireAuthorityOver(
            ctx.keyward,
            ctx.principal,
            typeof body.role === "string" ? body.role : null,
          );
          await requireAuthorityOver(
            ctx.keyward,
            ctx.principal,
            await roleOfUser(ctx.keyward, param(ctx, "id")),
          );
          const input = { id: param(ctx, "id"), role: body.role, active: body.active };
          if (input.active === undefined) delete input.active;
          return ok(userJson(await ctx.keyward.users.save(input as never, by(ctx))));
        },
      },
      DELETE: {
        permission: USERS,
        run: async (ctx) => {
          await requireAuthorityOver(
            ctx.keyward,
            ctx.principal,
            await roleOfUser(ctx.keyward, param(ctx, "id")),
          );
          await ctx.keyward.users.remove(param(ctx, "id"), by(ctx));
          return noContentAnswer();
        },
      },
    },
  },
  {
    segments: ["settings", "public-role"],
    methods: {
      GET: {
        permission: SETTINGS,
        run: async (ctx) => ok({ role: await ctx.keyward.settings.getPublicRole() }),
      },
      PUT: {
        permission: SETTINGS,
        run: async (ctx) => {
          const body = requireBodyObject(ctx.body, ["role"]);
          if (!("role" in body))
            throw new KeywardError("INVALID_ARGUMENT", "role is required: a role id or null");
          if (typeof body.role === "string") await requireHoldsRole(ctx.keyward, ctx.principal, body.role);
          await ctx.keyward.settings.setPublicRole(body.role as string | null, by(ctx));
          return ok({ role: await ctx.keyward.settings.getPublicRole() });
        },
      },
    },
  },
  {
    // The API's own description. Any key may read it, but not the public role: like every other
    // route, the management API says nothing to callers without a key. It holds no secrets.
    segments: ["openapi.json"],
    methods: {
      GET: { permission: null, run: async () => openApiAnswer() },
    },
  },
];
