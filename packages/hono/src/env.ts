import type { Principal } from "@keyward/core";

/**
 * The context variables `apiKeyAuth` sets: `auth` is the request's principal (a user's key, an app
 * key, or the public role).
 */
export interface KeywardVariables {
  auth: Principal;
}

/**
 * The Hono `Env` of routes behind `apiKeyAuth(keyward)` (or `requirePermission`): `c.get("auth")`
 * is a `Principal`. Use it to declare an app whose every route is authenticated.
 *
 * @example
 * ```ts
 * const app = new Hono<KeywardEnv>();
 * app.use("*", apiKeyAuth(keyward));
 * app.get("/me", (c) => c.json({ role: c.get("auth").role }));
 * ```
 */
export interface KeywardEnv {
  Variables: KeywardVariables;
}

/** The context variables of `apiKeyAuth(keyward, { optional: true })`: `auth` may be absent. */
export interface OptionalKeywardVariables {
  auth: Principal | undefined;
}

/**
 * The Hono `Env` of routes behind `apiKeyAuth(keyward, { optional: true })`: requests without a key
 * (and no public role) go on with `c.get("auth")` undefined.
 */
export interface OptionalKeywardEnv {
  Variables: OptionalKeywardVariables;
}
