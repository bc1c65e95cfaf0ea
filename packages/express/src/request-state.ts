import type { Principal } from "@keyward/core";
import { isPrincipal } from "@keyward/core/adapter";
import type { Request } from "express";
import type { KeywardErrorHandling } from "./errors";

/**
 * Where `apiKeyAuth` leaves the caller (and its `onError`, when it has one) for the handlers after
 * it: registered symbols on the request, not `req.auth`, which another library may own, and
 * whose value must never pass for a keyward principal. Registered, so that two copies of this
 * package (its ESM and CJS builds) see the same state. Plain properties, not a state object or a
 * WeakMap: this runs on every request.
 */
const PRINCIPAL = Symbol.for("@keyward/express/principal@1");
const ON_ERROR = Symbol.for("@keyward/express/on-error@1");
/** Stands for "apiKeyAuth ran and let an anonymous request through". */
const ANONYMOUS = Symbol.for("@keyward/express/anonymous@1");

interface Slots {
  [PRINCIPAL]?: Principal | typeof ANONYMOUS;
  [ON_ERROR]?: KeywardErrorHandling | undefined;
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
  const slots = req as Slots;
  slots[PRINCIPAL] = principal ?? ANONYMOUS;
  // Set only when there is one (or one to replace): most apps have none, and each new property costs.
  if (onError !== undefined || slots[ON_ERROR] !== undefined) slots[ON_ERROR] = onError;
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
  const principal = (req as Slots)[PRINCIPAL];
  if (principal !== undefined) return principal === ANONYMOUS ? undefined : principal;
  // A request keyward never saw, but whose auth an app (or a test) set to a real principal.
  const auth: unknown = (req as { auth?: unknown }).auth;
  return isPrincipal(auth) ? auth : undefined;
}

/**
 * The `onError` of the `apiKeyAuth` that authenticated the request, for guards without their own.
 * @param req - the request
 */
export function inheritedErrorHandling(req: Request): KeywardErrorHandling | undefined {
  return (req as Slots)[ON_ERROR];
}
