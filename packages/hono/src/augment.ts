/**
 * `@keyward/hono/augment`: types `c.get("auth")` as keyward's principal in every Hono app, the way
 * `hono/jwt` types `jwtPayload`, through Hono's `ContextVariableMap`. Opt-in, because another
 * library declaring its own `auth` there would clash: import it once
 * (`import "@keyward/hono/augment";`) when keyward is the only one. Otherwise type the app with
 * `KeywardEnv`, or read the caller with `getAuth(c)`, which works in any app.
 *
 * @packageDocumentation
 */
import type { Principal } from "@keyward/core";
// Makes this file see the "hono" module it augments; nothing is imported at run time.
import type {} from "hono";

declare module "hono" {
  interface ContextVariableMap {
    /** The caller, set by `apiKeyAuth`: a user key, an app key or the public role. */
    auth: Principal;
  }
}
