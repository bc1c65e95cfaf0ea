import type { Principal } from "@keyward/core";
import { isPrincipal } from "@keyward/core/adapter";
import type { Context } from "hono";
import type { KeywardErrorHandling } from "./errors";

/**
 * Where `apiKeyAuth` leaves the caller (and its `onError`, when it has one) for the handlers after
 * it: registered symbols on the context, not `c.get("auth")`, which another library may own, and
 * whose value must never pass for a keyward principal. Registered, so that two copies of this
 * package (its ESM and CJS builds) see the same state. Plain properties, not a state object or a
 * WeakMap: this runs on every request.
 */
const PRINCIPAL = Symbol.for("@keyward/hono/principal@1");
const ON_ERROR = Symbol.for("@keyward/hono/on-error@1");
/** Stands for "apiKeyAuth ran and let an anonymous request through". */
const ANONYMOUS = Symbol.for("@keyward/hono/anonymous@1");

interface Slots {
  [PRINCIPAL]?: Principal | typeof ANONYMOUS;
  [ON_ERROR]?: KeywardErrorHandling | undefined;
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
  const slots = c as Slots;
  slots[PRINCIPAL] = principal ?? ANONYMOUS;
  // Set only when there is one (or one to replace): most apps have none, and each new property costs.
  if (onError !== undefined || slots[ON_ERROR] !== undefined) slots[ON_ERROR] = onError;
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
  const principal = (c as Slots)[PRINCIPAL];
  if (principal !== undefined) return principal === ANONYMOUS ? undefined : principal;
  const auth: unknown = c.get("auth");
  return isPrincipal(auth) ? auth : undefined;
}

/**
 * The `onError` of the `apiKeyAuth` that authenticated the request, for guards without their own.
 * @param c - the context
 */
// biome-ignore lint/suspicious/noExplicitAny: any Env, any path
export function inheritedErrorHandling(c: Context<any, any, any>): KeywardErrorHandling | undefined {
  return (c as Slots)[ON_ERROR];
}
