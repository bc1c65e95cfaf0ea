// What another Hono middleware may declare: its own `auth` variable for every app, as hono/jwt
// does for `jwtPayload`.
import type {} from "hono";

declare module "hono" {
  interface ContextVariableMap {
    auth: { sub: string };
  }
}
