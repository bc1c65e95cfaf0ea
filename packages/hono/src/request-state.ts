import type { Principal } from "@keyward/core";
import { isPrincipal } from "@keyward/core/adapter";
import type { Context } from "hono";
import type { KeywardErrorHandling } from "./errors";

/**
 * What `apiKeyAuth` leaves for the handlers after it, kept under a symbol of its own rather than in
 * the `auth` variable: another library may set its own `auth`, and whatever it holds must never
 * pass for a keyward principal.
 */
interface RequestState {
  principal: Principal | undefined;
  onError: KeywardErrorHandling | undefined;
}

/**
 * Where the state lives on the context: a registered symbol, so that two copies of this package (its
 * ESM and CJS builds) see the same state, as they see the same keyward instances.
 */
const STATE = Symbol.for("@keyward/hono/request-state@1");

function stateOf(c: object): RequestState | undefined {
  return (c as { [STATE]?: RequestState })[STATE];
}

/**
 * Records what `apiKeyAuth` decided for a request.
 * @param c - the context
 * @param principal - the caller, or `undefined` for an anonymous request `optional` let through
 * @param onError - the `onError` of that `apiKeyAuth`, which guards after it inherit
 */
export function rememberRequest(
  c: Context,
  principal: Principal | undefined,
  onError: KeywardErrorHandling | undefined,
): void {
  (c as { [STATE]?: RequestState })[STATE] = { principal, onError };
}

/**
 * The caller of a request as `apiKeyAuth` found it; `undefined` when none ran or it let an anonymous
 * request through. Typed in any app, `new Hono()` included, and next to any library that sets its
 * own `auth` variable.
 * @param c - the context
 * @example
 * ```ts
 * import { getAuth } from "@keyward/hono";
 * app.get("/api/me", (c) => c.json({ user: getAuth(c)?.userId ?? null }));
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: any Env, any path: the helper works in every app
export function getAuth(c: Context<any, any, any>): Principal | undefined {
  const state = stateOf(c);
  if (state !== undefined) return state.principal;
  const auth: unknown = c.get("auth");
  return isPrincipal(auth) ? auth : undefined;
}

/**
 * The `onError` of the `apiKeyAuth` that authenticated the request, for guards without their own.
 * @param c - the context
 */
// biome-ignore lint/suspicious/noExplicitAny: any Env, any path
export function inheritedErrorHandling(c: Context<any, any, any>): KeywardErrorHandling | undefined {
  return stateOf(c)?.onError;
}
