import type { Principal } from "@keyward/core";
import { isPrincipal } from "@keyward/core/adapter";
import type { Request } from "express";
import type { KeywardErrorHandling } from "./errors";

/**
 * What `apiKeyAuth` leaves for the handlers after it, kept under a symbol of its own rather than in
 * `req.auth`: another library may own `req.auth` (express-jwt does), and a JWT payload found there
 * must never pass for a keyward principal.
 */
interface RequestState {
  principal: Principal | undefined;
  onError: KeywardErrorHandling | undefined;
}

/**
 * Where the state lives on the request: a registered symbol, so that two copies of this package (its
 * ESM and CJS builds) see the same state, as they see the same keyward instances.
 */
const STATE = Symbol.for("@keyward/express/request-state@1");

function stateOf(req: object): RequestState | undefined {
  return (req as { [STATE]?: RequestState })[STATE];
}

/**
 * Records what `apiKeyAuth` decided for a request.
 * @param req - the request
 * @param principal - the caller, or `undefined` for an anonymous request `optional` let through
 * @param onError - the `onError` of that `apiKeyAuth`, which guards after it inherit
 */
export function rememberRequest(
  req: Request,
  principal: Principal | undefined,
  onError: KeywardErrorHandling | undefined,
): void {
  (req as { [STATE]?: RequestState })[STATE] = { principal, onError };
}

/**
 * The caller of a request as `apiKeyAuth` found it; `undefined` when none ran or it let an anonymous
 * request through. Works without the `req.auth` type augmentation, next to any library that
 * declares its own `req.auth`.
 * @param req - the request
 * @example
 * ```ts
 * import { getAuth } from "@keyward/express";
 * app.get("/api/me", (req, res) => res.json({ user: getAuth(req)?.userId ?? null }));
 * ```
 */
export function getAuth(req: Request): Principal | undefined {
  const state = stateOf(req);
  if (state !== undefined) return state.principal;
  // A request keyward never saw, but whose auth an app (or a test) set to a real principal.
  const auth: unknown = (req as { auth?: unknown }).auth;
  return isPrincipal(auth) ? auth : undefined;
}

/**
 * The `onError` of the `apiKeyAuth` that authenticated the request, for guards without their own.
 * @param req - the request
 */
export function inheritedErrorHandling(req: Request): KeywardErrorHandling | undefined {
  return stateOf(req)?.onError;
}
